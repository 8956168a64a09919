using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// Share of truly coloured pixels whose predicted colour has the right hue. PSNR and ΔE reward the
/// safe sepia/grey guess; this asks instead "where the photo is coloured, did the model pick that colour?".
/// </summary>
public static class HueAccuracy
{
    /// <summary>Truth pixels with C*ab at or above this count as coloured.</summary>
    public const double MinTruthChroma = 10.0;

    /// <summary>Predicted pixels need at least this C*ab, or their hue is noise and they count as misses.</summary>
    public const double MinPredictedChroma = 5.0;

    /// <summary>Largest circular hue difference, in degrees, that still counts as a hit.</summary>
    public const double MaxHueDifference = 30.0;

    public static HueAccuracyResult Compute(LabImage prediction, LabImage truth) => Breakdown(prediction, truth).Total;

    /// <summary>The same count, split by the truth pixel's <see cref="HueFamily"/>, with the mean colours of each family.</summary>
    public static HueBreakdown Breakdown(LabImage prediction, LabImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        var families = new HueFamilyTally[HueFamily.All.Count];
        for (int i = 0; i < truth.A.Length; i++)
        {
            double ta = truth.A[i], tb = truth.B[i];
            if (ta * ta + tb * tb < MinTruthChroma * MinTruthChroma) continue;
            double truthHue = Math.Atan2(tb, ta);
            double pa = prediction.A[i], pb = prediction.B[i];
            bool hit = pa * pa + pb * pb >= MinPredictedChroma * MinPredictedChroma
                && HueDifference(Math.Atan2(pb, pa), truthHue) <= MaxHueDifference;
            ref var f = ref families[HueFamily.IndexOf(truthHue * (180.0 / Math.PI))];
            f = f + new HueFamilyTally(1, hit ? 1 : 0, ta, tb, pa, pb);
        }
        return new HueBreakdown(families);
    }

    /// <summary>Circular difference of two angles given in radians, returned in degrees (0–180).</summary>
    internal static double HueDifference(double first, double second)
    {
        double d = Math.Abs(first - second) * (180.0 / Math.PI) % 360.0;
        return d > 180 ? 360 - d : d;
    }
}
