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

    /// <summary>Copies <paramref name="source"/> in with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>); it must fit.</summary>
    public void Paste(RgbaImage source, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (x < 0 || y < 0 || x + source.Width > Width || y + source.Height > Height)
            throw new ArgumentOutOfRangeException(nameof(source), $"a {source.Width}×{source.Height} image at ({x}, {y}) does not fit in {Width}×{Height}");
        int rowBytes = source.Width * 4;
        for (int row = 0; row < source.Height; row++)
            Buffer.BlockCopy(source.Pixels, row * rowBytes, Pixels, ((y + row) * Width + x) * 4, rowBytes);
    }
}
