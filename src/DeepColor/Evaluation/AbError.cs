using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>Mean absolute error of the chromatic channels, in Lab units.</summary>
public static class AbError
{
    /// <summary>
    /// Σ(|Δa*| + |Δb*|) / (2N): the mean over both channels and all pixels, so it reads as "a typical
    /// a* or b* is off by this much". L* is ignored, because the colorizer copies it from the input.
    /// </summary>
    public static double MeanAbsolute(LabImage prediction, LabImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        double sum = 0;
        for (int i = 0; i < truth.A.Length; i++)
            sum += Math.Abs((double)prediction.A[i] - truth.A[i]) + Math.Abs((double)prediction.B[i] - truth.B[i]);
        return sum / (2.0 * truth.A.Length);
    }
}
