using System.Runtime.InteropServices;
using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Applies an EXIF orientation so that pixels are stored in display order.</summary>
/// <remarks>
/// A plain index remap rather than a canvas draw: drawing goes through premultiplied blending,
/// which would alter the colour of translucent pixels, and a remap is exact and cheap.
/// EXIF defines tag values by where the stored picture's first row and first column end up:
/// e.g. RightTop (6) means stored row 0 is the display's right edge and stored column 0 its top.
/// </remarks>
internal static class Orientation
{
    /// <summary>Whether displaying the image swaps its width and height (the four 90° cases).</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Returns the RGBA pixels of a <paramref name="width"/>×<paramref name="height"/> stored image in
    /// display order, with the display size. TopLeft returns <paramref name="pixels"/> itself.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height) Apply(byte[] pixels, int width, int height, SKEncodedOrigin origin)
    {
        if (pixels.Length != (long)width * height * 4)
            throw new ArgumentException($"expected {(long)width * height * 4} bytes for {width}×{height}, got {pixels.Length}", nameof(pixels));
        if (origin is SKEncodedOrigin.TopLeft) return (pixels, width, height);

        bool swap = SwapsAxes(origin);
        int outW = swap ? height : width, outH = swap ? width : height;
        // Display index of stored pixel (x, y) = start + x·stepX + y·stepY.
        long w = width, h = height, ow = outW, oh = outH;
        (long Start, long StepX, long StepY) map = origin switch
        {
            SKEncodedOrigin.TopRight => (w - 1, -1, ow),
            SKEncodedOrigin.BottomRight => ((h - 1) * ow + w - 1, -1, -ow),
            SKEncodedOrigin.BottomLeft => ((h - 1) * ow, 1, -ow),
            SKEncodedOrigin.LeftTop => (0, ow, 1),
            SKEncodedOrigin.RightTop => (ow - 1, ow, -1),
            SKEncodedOrigin.RightBottom => ((oh - 1) * ow + ow - 1, -ow, -1),
            SKEncodedOrigin.LeftBottom => ((oh - 1) * ow, -ow, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "not an EXIF orientation"),
        };

        var result = new byte[pixels.Length];
        var src = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan());
        var dst = MemoryMarshal.Cast<byte, uint>(result.AsSpan());
        for (int y = 0; y < height; y++)
        {
            var row = src.Slice(y * width, width);
            long at = map.Start + y * map.StepY;
            for (int x = 0; x < width; x++, at += map.StepX)
                dst[(int)at] = row[x];
        }
        return (result, outW, outH);
    }
}
