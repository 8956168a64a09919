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
            sheet.Paste(ImageResizer.Resize(gray, cell, cell, ResizeFilter.Nearest), 0, r * cell);
            sheet.Paste(ImageResizer.Resize(pred, cell, cell, ResizeFilter.Nearest), cell, r * cell);
            sheet.Paste(ImageResizer.Resize(truth, cell, cell, ResizeFilter.Nearest), 2 * cell, r * cell);
        }
        ImageEncoder.Save(sheet, path, ImageFormat.Png);
    }
}
