namespace DeepColor.Imaging;

/// <summary>
/// Which file names count as images when a folder or archive is listed. One list, so that training,
/// evaluation and batch colorizing never disagree about what a folder holds.
/// </summary>
public static class ImageFileTypes
{
    /// <summary>Extensions taken as images (case-insensitive); the decoder reads all of them.</summary>
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>([".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the name has an image extension. Dot-files (e.g. macOS "._x.jpg" resource forks) are not images.</summary>
    public static bool IsImageName(string name) =>
        Extensions.Contains(Path.GetExtension(name)) && !Path.GetFileName(name).StartsWith('.');
}
