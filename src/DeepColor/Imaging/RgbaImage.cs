namespace DeepColor.Imaging;

/// <summary>
/// A decoded image: 8-bit RGBA, unpremultiplied, row-major, already in display orientation.
/// This is the one in-memory picture type the library passes between rooms.
/// </summary>
public sealed class RgbaImage
{
    public RgbaImage(int width, int height, byte[]? pixels = null, bool hasAlpha = false)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}×{height} must be positive");
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[checked(width * height * 4)];
        if (Pixels.Length != width * height * 4) throw new ArgumentException($"expected {width * height * 4} bytes, got {Pixels.Length}", nameof(pixels));
        HasAlpha = hasAlpha;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>RGBA bytes, 4 per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>
    /// Whether alpha carries information that output should keep. The decoder sets it only when the file has an
    /// alpha channel (or transparent palette entry) and at least one pixel is not fully opaque, so an RGBA PNG
    /// that is opaque everywhere counts as opaque. When false, the alpha bytes are 255.
    /// </summary>
    public bool HasAlpha { get; }

    public int PixelCount => Width * Height;
}
