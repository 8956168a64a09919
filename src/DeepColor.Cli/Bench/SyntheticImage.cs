using DeepColor.Imaging;

namespace DeepColor.Cli.Bench;

/// <summary>Deterministic gray test pictures with edges, gradients and texture, so codecs do realistic work.</summary>
internal static class SyntheticImage
{
    public static RgbaImage Gray(int width, int height, int seed = 1)
    {
        var image = new RgbaImage(width, height);
        var px = image.Pixels;
        double cx = width * 0.6, cy = height * 0.4, r = Math.Min(width, height) * 0.3;
        Parallel.For(0, height, y =>
        {
            uint state = (uint)(seed * 7919 + y * 104729) | 1;
            for (int x = 0; x < width; x++)
            {
                state ^= state << 13; state ^= state >> 17; state ^= state << 5;
                double v = 40 + 150.0 * x / width + 30 * Math.Sin(y * 0.05) + (state & 15);
                double dx = x - cx, dy = y - cy;
                if (dx * dx + dy * dy < r * r) v = 255 - v * 0.5;
                if ((x / 64 + y / 64) % 5 == 0) v *= 0.6;
                byte b = (byte)Math.Clamp(v, 0, 255);
                int i = (y * width + x) * 4;
                px[i] = px[i + 1] = px[i + 2] = b;
                px[i + 3] = 255;
            }
        });
        return image;
    }

    public static byte[] Jpeg(RgbaImage image, int quality = 92)
    {
        using var stream = new MemoryStream();
        ImageEncoder.Encode(image, stream, ImageFormat.Jpeg, quality);
        return stream.ToArray();
    }
}
