using DeepColor.Imaging;

namespace DeepColor.Tests.Evaluation;

/// <summary>Small synthetic pictures for the evaluation tests.</summary>
internal static class TestImages
{
    public static RgbaImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbaImage(width, height);
        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = r; image.Pixels[i + 1] = g; image.Pixels[i + 2] = b; image.Pixels[i + 3] = 255;
        }
        return image;
    }

    public static RgbaImage FromFunction(int width, int height, Func<int, int, int, int> channelValue)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = (y * width + x) * 4;
                for (int c = 0; c < 3; c++) image.Pixels[p + c] = (byte)Math.Clamp(channelValue(x, y, c), 0, 255);
                image.Pixels[p + 3] = 255;
            }
        return image;
    }

    /// <summary>A colourful gradient: red grows left to right, blue top to bottom, green a checker.</summary>
    public static RgbaImage Colourful(int width, int height, int seed = 0) =>
        FromFunction(width, height, (x, y, c) => c switch
        {
            0 => (x * 255 / Math.Max(1, width - 1) + seed * 40) % 256,
            1 => ((x / 4 + y / 4) % 2) * 120 + seed * 10,
            _ => y * 255 / Math.Max(1, height - 1),
        });

    /// <summary>An L* 50 pixel of the given chroma and Lab hue angle.</summary>
    public static (float L, float A, float B) Polar(double chroma, double hueDegrees)
    {
        double h = hueDegrees * Math.PI / 180;
        return (50f, (float)(chroma * Math.Cos(h)), (float)(chroma * Math.Sin(h)));
    }

    public static LabImage Lab(int width, int height, params (float L, float A, float B)[] pixels)
    {
        var lab = new LabImage(width, height);
        for (int i = 0; i < pixels.Length; i++)
        {
            lab.L[i] = pixels[i].L; lab.A[i] = pixels[i].A; lab.B[i] = pixels[i].B;
        }
        return lab;
    }
}
