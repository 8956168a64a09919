namespace DeepColor.Imaging;

/// <summary>The one map between file extensions and the formats we can write.</summary>
public static class ImageFormatNames
{
    /// <summary>The writable format a path's extension names (.jpg/.jpeg, .png, .webp, any case), or null for any other.</summary>
    public static ImageFormat? FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => ImageFormat.Jpeg,
        ".png" => ImageFormat.Png,
        ".webp" => ImageFormat.Webp,
        _ => null,
    };
}
