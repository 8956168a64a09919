using DeepColor.Imaging;

namespace DeepColor.Tests.Inference;

/// <summary>Small synthetic pictures for inference tests.</summary>
internal static class TestImages
{
    /// <summary>A gray diagonal ramp between <paramref name="low"/> and <paramref name="high"/>; alpha varies when asked.</summary>
    public static RgbaImage GrayRamp(int width, int height, bool withAlpha = false, byte low = 40, byte high = 220)
    {
        var image = new RgbaImage(width, height, hasAlpha: withAlpha);
        var px = image.Pixels;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 4;
                byte v = (byte)(low + (high - low) * (x + y) / Math.Max(1, width + height - 2));
                px[i] = px[i + 1] = px[i + 2] = v;
                px[i + 3] = withAlpha ? (byte)((x * 255) / Math.Max(1, width - 1)) : (byte)255;
            }
        return image;
    }

    /// <summary>Saturated colour blocks.</summary>
    public static RgbaImage Colourful(int width, int height)
    {
        var image = new RgbaImage(width, height);
        var px = image.Pixels;
        for (int i = 0; i < width * height; i++)
        {
            int x = i % width;
            px[i * 4] = (byte)(x * 255 / Math.Max(1, width - 1));
            px[i * 4 + 1] = 60;
            px[i * 4 + 2] = (byte)(255 - x * 255 / Math.Max(1, width - 1));
            px[i * 4 + 3] = 255;
        }
        return image;
    }

    public static string SavePng(RgbaImage image, string path)
    {
        ImageEncoder.Save(image, path, ImageFormat.Png);
        return path;
    }
}
