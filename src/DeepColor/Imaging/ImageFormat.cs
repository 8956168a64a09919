namespace DeepColor.Imaging;

/// <summary>Output file formats.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,

    /// <summary>Lossy WebP at the given quality, alpha kept; EXIF is not embedded.</summary>
    Webp,
}
