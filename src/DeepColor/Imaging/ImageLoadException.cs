namespace DeepColor.Imaging;

/// <summary>Why an image could not be read.</summary>
public enum ImageLoadFailure
{
    NotFound,
    Empty,
    NotAnImage,
    Corrupt,
    TooLarge,
    Unsupported,
}

/// <summary>An image file could not be decoded; the message names the file and the reason.</summary>
public sealed class ImageLoadException : Exception
{
    public ImageLoadException(string path, ImageLoadFailure failure, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Failure = failure;
        Reason = reason;
    }

    public string Path { get; }
    public ImageLoadFailure Failure { get; }
    public string Reason { get; }
}
