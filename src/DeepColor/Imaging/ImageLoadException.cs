namespace DeepColor.Imaging;

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

    /// <summary>The file path, or the name given for a stream or byte buffer.</summary>
    public string Path { get; }

    public ImageLoadFailure Failure { get; }

    /// <summary>The reason alone, without the path.</summary>
    public string Reason { get; }
}
