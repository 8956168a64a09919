namespace DeepColor.Imaging;

/// <summary>Why an image could not be read.</summary>
public enum ImageLoadFailure
{
    /// <summary>The file does not exist.</summary>
    NotFound,

    /// <summary>The file or stream has no bytes.</summary>
    Empty,

    /// <summary>The bytes are not in any image format the decoder knows (e.g. a text file).</summary>
    NotAnImage,

    /// <summary>The format was recognised but the data is invalid.</summary>
    Corrupt,

    /// <summary>The header declares more pixels than <see cref="ImageLoadOptions.MaxPixels"/> allows.</summary>
    TooLarge,

    /// <summary>A recognised format or variant that cannot be decoded.</summary>
    Unsupported,

    /// <summary>The data ends before the image does (e.g. an interrupted download).</summary>
    Truncated,

    /// <summary>The file exists but could not be read (permissions, I/O error).</summary>
    Unreadable,
}
