using DeepColor.Imaging;

namespace DeepColor.Bench;

/// <summary>Deterministic synthetic test pictures, so every run converts the same pixels.</summary>
internal static class BenchImages
{
    /// <summary>6000×4000, the size of a typical 24 MP camera frame.</summary>
    public const int Width24Mp = 6000;
    public const int Height24Mp = 4000;

    /// <summary>
    /// Smooth gradients with noise: covers dark pixels (linear branch of f) and saturated ones,
    /// like a photo, rather than one flat colour that would flatter branch prediction.
    /// </summary>
    public static RgbaImage Photo(int width, int height, int seed = 1)
    {
        var image = new RgbaImage(width, height);
        var px = image.Pixels;
        var rng = new Random(seed);
        var noise = new byte[width];
        for (int y = 0; y < height; y++)
        {
            rng.NextBytes(noise);
            int row = y * width * 4;
            for (int x = 0; x < width; x++)
            {
                int p = row + x * 4;
                int n = (noise[x] & 31) - 16;
                px[p] = Clamp(x * 255 / width + n);
                px[p + 1] = Clamp(y * 255 / height - n);
                px[p + 2] = Clamp(((x + y) & 255) + n);
                px[p + 3] = 255;
            }
        }
        return image;
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
