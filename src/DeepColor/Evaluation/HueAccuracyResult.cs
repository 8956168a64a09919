namespace DeepColor.Evaluation;

/// <summary>
/// Hue agreement counts for one image or a pooled set: <paramref name="Hits"/> of the
/// <paramref name="ColouredPixels"/> truly coloured pixels got a coloured prediction of the right hue.
/// </summary>
public readonly record struct HueAccuracyResult(long Hits, long ColouredPixels)
{
    /// <summary>Hits / coloured pixels; null when the truth has no coloured pixel (nothing to score).</summary>
    public double? Accuracy => ColouredPixels == 0 ? null : (double)Hits / ColouredPixels;

    /// <summary>Pools two results, so a dataset score weights every coloured pixel equally.</summary>
    public static HueAccuracyResult operator +(HueAccuracyResult left, HueAccuracyResult right) =>
        new(left.Hits + right.Hits, left.ColouredPixels + right.ColouredPixels);
}
