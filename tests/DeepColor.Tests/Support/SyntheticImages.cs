using DeepColor.Imaging;

namespace DeepColor.Tests.Support;

/// <summary>Small colourful test pictures made in code: shapes over a gradient.</summary>
internal static class SyntheticImages
{
    public static RgbaImage Shapes(int width, int height, int seed = 0)
    {
        var rng = new Random(seed);
        var image = new RgbaImage(width, height);
        var px = image.Pixels;
        (byte R, byte G, byte B) c1 = ((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        (byte R, byte G, byte B) c2 = ((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        int cx = rng.Next(width), cy = rng.Next(height), radius = Math.Max(3, Math.Min(width, height) / 4);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int i = (y * width + x) * 4;
            // Background: a blue-to-orange diagonal gradient.
            float t = (x + y) / (float)(width + height);
            px[i] = (byte)(40 + 200 * t);
            px[i + 1] = (byte)(90 + 60 * t);
            px[i + 2] = (byte)(220 - 180 * t);
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius) (px[i], px[i + 1], px[i + 2]) = c1;
            if (x > width / 8 && x < width / 3 && y > height / 2 && y < height * 7 / 8) (px[i], px[i + 1], px[i + 2]) = c2;
            px[i + 3] = 255;
        }
        return image;
    }

    /// <summary>Writes a labelled ImageFolder tree: root/class-k/img-j.png.</summary>
    public static string WriteFolder(string root, int classes, int perClass, int size)
    {
        for (int k = 0; k < classes; k++)
        for (int j = 0; j < perClass; j++)
            ImageEncoder.Save(Shapes(size, size, k * 1000 + j), Path.Combine(root, $"class-{k}", $"img-{j}.png"), ImageFormat.Png);
        return root;
    }
}
