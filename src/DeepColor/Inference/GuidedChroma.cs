namespace DeepColor.Inference;

/// <summary>
/// Fits the guided filter's local linear model (He, Sun and Tang) of a*b* on L* at render size. Evaluating the
/// bilinearly upsampled coefficients on the full-resolution L* is the "fast guided filter" form of upsampling:
/// it costs a few passes over a render-size image, not over the full one.
/// </summary>
internal static class GuidedChroma
{
    /// <summary>Window radius in render pixels: 5×5 windows, chosen on held-out photos over 3×3.</summary>
    public const int DefaultRadius = 2;

    /// <summary>
    /// Regulariser on the variance of normalised L inside a window. Windows whose L* varies less than about
    /// √ε·50 L* units keep their mean colour rather than following texture.
    /// </summary>
    public const float DefaultEpsilon = 0.01f;

    public static ChromaField Fit(float[] lNorm, float[] abNorm, int width, int height, int radius = DefaultRadius, float epsilon = DefaultEpsilon)
    {
        int n = width * height;
        if (lNorm.Length != n)
            throw new ArgumentException($"expected {n} L values for {width}×{height}, got {lNorm.Length}", nameof(lNorm));
        if (abNorm.Length != 2 * n)
            throw new ArgumentException($"expected {2 * n} a*b* values for {width}×{height}, got {abNorm.Length}", nameof(abNorm));
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "must be positive");

        var box = new BoxMean(width, height, radius);
        var meanL = box.Of(lNorm);
        var meanLL = box.Of(Product(lNorm, lNorm));
        var slopes = new float[2 * n];
        var offsets = new float[2 * n];
        for (int channel = 0; channel < 2; channel++)
        {
            var p = abNorm.AsSpan(channel * n, n);
            var meanP = box.Of(p);
            var meanLP = box.Of(Product(lNorm, p));
            var slope = new float[n];
            var offset = new float[n];
            for (int i = 0; i < n; i++)
            {
                float variance = meanLL[i] - meanL[i] * meanL[i];
                float covariance = meanLP[i] - meanL[i] * meanP[i];
                slope[i] = covariance / (Math.Max(variance, 0f) + epsilon);
                offset[i] = meanP[i] - slope[i] * meanL[i];
            }
            // Averaging the coefficients over the windows that cover each pixel is what keeps the output smooth.
            box.Of(slope).CopyTo(slopes, channel * n);
            box.Of(offset).CopyTo(offsets, channel * n);
        }
        return new ChromaField(width, height, offsets, slopes);
    }

    private static float[] Product(ReadOnlySpan<float> l, ReadOnlySpan<float> other)
    {
        var result = new float[l.Length];
        for (int i = 0; i < l.Length; i++) result[i] = l[i] * other[i];
        return result;
    }

    /// <summary>Window means via a summed-area table; windows are clipped at the borders and divided by their true size.</summary>
    private sealed class BoxMean(int width, int height, int radius)
    {
        private readonly double[] _table = new double[(width + 1) * (height + 1)];

        public float[] Of(ReadOnlySpan<float> plane)
        {
            int stride = width + 1;
            for (int y = 0; y < height; y++)
            {
                double run = 0;
                for (int x = 0; x < width; x++)
                {
                    run += plane[y * width + x];
                    _table[(y + 1) * stride + x + 1] = _table[y * stride + x + 1] + run;
                }
            }
            var mean = new float[plane.Length];
            for (int y = 0; y < height; y++)
            {
                int y0 = Math.Max(0, y - radius), y1 = Math.Min(height, y + radius + 1);
                for (int x = 0; x < width; x++)
                {
                    int x0 = Math.Max(0, x - radius), x1 = Math.Min(width, x + radius + 1);
                    double sum = _table[y1 * stride + x1] - _table[y0 * stride + x1] - _table[y1 * stride + x0] + _table[y0 * stride + x0];
                    mean[y * width + x] = (float)(sum / ((y1 - y0) * (x1 - x0)));
                }
            }
            return mean;
        }
    }
}
