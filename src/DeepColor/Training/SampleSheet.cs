using DeepColor.Imaging;

namespace DeepColor.Training;

/// <summary>A grid PNG with one row per image: gray input | prediction | ground truth.</summary>
public static class SampleSheet
{
    public static void Write(string path, IReadOnlyList<(RgbaImage Gray, RgbaImage Prediction, RgbaImage Truth)> rows, int cell)
    {
        if (rows.Count == 0) return;
        var sheet = new RgbaImage(cell * 3, cell * rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var (gray, pred, truth) = rows[r];
            Blit(ImageResizer.Resize(gray, cell, cell, ResizeFilter.Nearest), sheet, 0, r * cell);
            Blit(ImageResizer.Resize(pred, cell, cell, ResizeFilter.Nearest), sheet, cell, r * cell);
            Blit(ImageResizer.Resize(truth, cell, cell, ResizeFilter.Nearest), sheet, 2 * cell, r * cell);
        }
        ImageEncoder.Save(sheet, path, ImageFormat.Png);
    }

    private static void Blit(RgbaImage src, RgbaImage dst, int x0, int y0)
    {
        for (int y = 0; y < src.Height; y++)
            Array.Copy(src.Pixels, y * src.Width * 4, dst.Pixels, ((y0 + y) * dst.Width + x0) * 4, src.Width * 4);
    }
}
