using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// Colourfulness M (Hasler and Süsstrunk 2003, "Measuring colourfulness in natural images"), on
/// 8-bit sRGB values 0–255: rg = |R − G|, yb = |½(R + G) − B|,
/// M = sqrt(σrg² + σyb²) + 0.3·sqrt(μrg² + μyb²), with population standard deviations.
/// </summary>
/// <remarks>
/// The paper defines rg and yb as signed differences; we take |rg| and |yb| as the widely used
/// implementation behind published colorization tables does, so our ΔCF compares with them.
/// </remarks>
public static class Colorfulness
{
    /// <summary>M for one image (alpha ignored); 0 for any grey image.</summary>
    public static double Compute(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var px = image.Pixels;
        double sumRg = 0, sumYb = 0, sumRg2 = 0, sumYb2 = 0;
        for (int i = 0; i < px.Length; i += 4)
        {
            double r = px[i], g = px[i + 1], b = px[i + 2];
            double rg = Math.Abs(r - g);
            double yb = Math.Abs(0.5 * (r + g) - b);
            sumRg += rg; sumYb += yb;
            sumRg2 += rg * rg; sumYb2 += yb * yb;
        }
        double n = image.PixelCount;
        double meanRg = sumRg / n, meanYb = sumYb / n;
        // max(0, ·) because rounding can push E[x²] − E[x]² a hair below zero for flat images.
        double varRg = Math.Max(0, sumRg2 / n - meanRg * meanRg);
        double varYb = Math.Max(0, sumYb2 / n - meanYb * meanYb);
        return Math.Sqrt(varRg + varYb) + 0.3 * Math.Sqrt(meanRg * meanRg + meanYb * meanYb);
    }

    /// <summary>ΔCF = |mean M(predictions) − mean M(truths)| over a set.</summary>
    public static double Delta(IReadOnlyCollection<double> predicted, IReadOnlyCollection<double> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count == 0 || truth.Count == 0) throw new ArgumentException("ΔCF needs at least one image on each side");
        return Math.Abs(predicted.Average() - truth.Average());
    }
}
