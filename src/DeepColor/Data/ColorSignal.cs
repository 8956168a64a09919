using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>Detects images that carry no colour signal (gray pictures saved as RGB, sepia-free scans).</summary>
public static class ColorSignal
{
    /// <summary>
    /// True when no pixel's channels differ by more than <paramref name="tolerance"/> levels. JPEG chroma
    /// noise on gray images stays within a few levels, so a small tolerance keeps them out of training.
    /// </summary>
    public static bool IsGrayscale(RgbaImage image, int tolerance = 6)
    {
        var px = image.Pixels;
        int colourful = 0, limit = Math.Max(1, image.PixelCount / 200);
        for (int i = 0; i < px.Length; i += 4)
        {
            int r = px[i], g = px[i + 1], b = px[i + 2];
            int spread = Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
            // A handful of stray pixels (compression artefacts, a coloured watermark) does not make a colour photo.
            if (spread > tolerance && ++colourful >= limit) return false;
        }
        return true;
    }
}
