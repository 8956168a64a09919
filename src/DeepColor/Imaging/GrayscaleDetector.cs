using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepColor.Imaging;

/// <summary>
/// Tells whether an image is grey (R ≈ G ≈ B everywhere), e.g. so the training loader can skip
/// black-and-white photos that would teach the network to predict no colour.
/// </summary>
public static class GrayscaleDetector
{
    /// <summary>
    /// True when every pixel has |R−G|, |G−B| and |R−B| at most <paramref name="tolerance"/> (0–255).
    /// A small tolerance absorbs JPEG chroma noise in grey scans. Returns at the first coloured pixel,
    /// so colour images usually cost only a few rows. Alpha is ignored.
    /// </summary>
    public static bool IsGrayscale(RgbaImage image, int tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        return IsGrayscale(image.Pixels, tolerance);
    }

    /// <summary>The same test on raw RGBA bytes (4 per pixel).</summary>
    public static bool IsGrayscale(ReadOnlySpan<byte> rgba, int tolerance = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (rgba.Length % 4 != 0) throw new ArgumentException($"{rgba.Length} bytes is not a whole number of RGBA pixels", nameof(rgba));
        if (tolerance >= 255) return true;
        var px = MemoryMarshal.Cast<byte, uint>(rgba);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Per 32-bit pixel (little-endian: byte 0 = R, 1 = G, 2 = B), shifting by 8 bits lines G up
            // under R and B under G, and by 16 bits B under R; only those byte lanes are kept.
            var limit = Vector256.Create((byte)tolerance);
            var keepTwo = Vector256.Create(0x0000FFFFu);
            var keepOne = Vector256.Create(0x000000FFu);
            for (; i <= px.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                var v = Vector256.Create(px.Slice(i, Vector256<uint>.Count));
                var d1 = AbsDiff(v, Vector256.ShiftRightLogical(v, 8)) & keepTwo;
                var d2 = AbsDiff(v, Vector256.ShiftRightLogical(v, 16)) & keepOne;
                if (Vector256.GreaterThanAny(Vector256.Max(d1.AsByte(), d2.AsByte()), limit)) return false;
            }
        }
        for (; i < px.Length; i++)
        {
            uint p = px[i];
            int r = (int)(p & 0xFF), g = (int)((p >> 8) & 0xFF), b = (int)((p >> 16) & 0xFF);
            if (Math.Abs(r - g) > tolerance || Math.Abs(g - b) > tolerance || Math.Abs(r - b) > tolerance) return false;
        }
        return true;
    }

    private static Vector256<uint> AbsDiff(Vector256<uint> a, Vector256<uint> b)
    {
        var x = a.AsByte();
        var y = b.AsByte();
        return (Vector256.Max(x, y) - Vector256.Min(x, y)).AsUInt32();
    }
}
