using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>Peak signal-to-noise ratio on 8-bit RGB (all three channels pooled; alpha ignored).</summary>
public static class Psnr
{
    /// <summary>
    /// The score for identical images. PSNR is infinite there, which JSON cannot hold and which would
    /// make any mean over a dataset infinite, so every score is capped at 100 dB. Colorizers land
    /// around 20–35 dB; anything above 100 dB means a few stray pixel levels in a large image.
    /// </summary>
    public const double MaxDecibels = 100.0;

    /// <summary>10·log10(255² / MSE) over R, G and B, capped at <see cref="MaxDecibels"/>.</summary>
    public static double Compute(RgbaImage prediction, RgbaImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        double mse = MeanSquaredError(prediction, truth);
        if (mse == 0) return MaxDecibels;
        return Math.Min(MaxDecibels, 10.0 * Math.Log10(255.0 * 255.0 / mse));
    }

    /// <summary>Mean squared error over R, G and B in 8-bit units.</summary>
    public static double MeanSquaredError(RgbaImage prediction, RgbaImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        var p = prediction.Pixels;
        var t = truth.Pixels;
        long sum = 0;
        for (int i = 0; i < p.Length; i += 4)
        {
            int dr = p[i] - t[i], dg = p[i + 1] - t[i + 1], db = p[i + 2] - t[i + 2];
            sum += dr * dr + dg * dg + db * db;
        }
        return sum / (3.0 * prediction.PixelCount);
    }
}
