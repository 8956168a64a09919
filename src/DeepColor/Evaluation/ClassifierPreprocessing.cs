using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// torchvision's ImageNet evaluation transform: Resize(256) with an antialiased bilinear (triangle)
/// filter as PIL applies it, CenterCrop(224), ToTensor, Normalize(mean, std), as one NCHW float array.
/// </summary>
internal static class ClassifierPreprocessing
{
    public const int ResizeShorterSide = 256;
    public const int Crop = 224;
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public static float[] ToTensor(RgbaImage image)
    {
        // torchvision truncates the long side: int(256 * long / short).
        int width, height;
        if (image.Width <= image.Height) { width = ResizeShorterSide; height = (int)((long)ResizeShorterSide * image.Height / image.Width); }
        else { height = ResizeShorterSide; width = (int)((long)ResizeShorterSide * image.Width / image.Height); }
        int left = (int)Math.Round((width - Crop) / 2.0);
        int top = (int)Math.Round((height - Crop) / 2.0);

        // Only the cropped window is resampled: the weights are built for the kept output indices.
        var columns = Weights(image.Width, width, left, Crop);
        var rows = Weights(image.Height, height, top, Crop);

        // Horizontal pass over every source row, into planar floats 0–1.
        int srcH = image.Height;
        var horizontal = new float[3 * srcH * Crop];
        var px = image.Pixels;
        for (int y = 0; y < srcH; y++)
        {
            int rowStart = y * image.Width * 4;
            for (int x = 0; x < Crop; x++)
            {
                var (first, w) = columns[x];
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < w.Length; k++)
                {
                    int p = rowStart + (first + k) * 4;
                    r += w[k] * px[p]; g += w[k] * px[p + 1]; b += w[k] * px[p + 2];
                }
                horizontal[(0 * srcH + y) * Crop + x] = r / 255f;
                horizontal[(1 * srcH + y) * Crop + x] = g / 255f;
                horizontal[(2 * srcH + y) * Crop + x] = b / 255f;
            }
        }

        var tensor = new float[3 * Crop * Crop];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < Crop; y++)
            {
                var (first, w) = rows[y];
                var target = tensor.AsSpan((c * Crop + y) * Crop, Crop);
                for (int k = 0; k < w.Length; k++)
                {
                    var src = horizontal.AsSpan((c * srcH + first + k) * Crop, Crop);
                    float wk = w[k];
                    for (int x = 0; x < Crop; x++) target[x] += wk * src[x];
                }
                for (int x = 0; x < Crop; x++) target[x] = (Math.Clamp(target[x], 0f, 1f) - Mean[c]) / Std[c];
            }
        }
        return tensor;
    }

    /// <summary>
    /// Triangle-filter taps for output indices [start, start + count) of a resize from
    /// <paramref name="inSize"/> to <paramref name="outSize"/>; on downscale the support widens by
    /// the scale factor, which is what makes it antialiased.
    /// </summary>
    internal static (int First, float[] Weights)[] Weights(int inSize, int outSize, int start, int count)
    {
        double scale = (double)inSize / outSize;
        double support = Math.Max(scale, 1.0);
        var taps = new (int, float[])[count];
        for (int i = 0; i < count; i++)
        {
            double center = (start + i + 0.5) * scale;
            int lo = Math.Max(0, (int)Math.Floor(center - support + 0.5));
            int hi = Math.Min(inSize, (int)Math.Floor(center + support + 0.5));
            var w = new double[Math.Max(hi - lo, 1)];
            double sum = 0;
            for (int j = lo; j < hi; j++)
            {
                double t = Math.Abs((j + 0.5 - center) / support);
                w[j - lo] = t < 1 ? 1 - t : 0;
                sum += w[j - lo];
            }
            var wf = new float[w.Length];
            if (sum > 0) for (int k = 0; k < w.Length; k++) wf[k] = (float)(w[k] / sum);
            else wf[0] = 1f;
            taps[i] = (Math.Min(lo, inSize - 1), wf);
        }
        return taps;
    }
}
