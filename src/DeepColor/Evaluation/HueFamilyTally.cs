namespace DeepColor.Evaluation;

/// <summary>
/// Running sums for the coloured truth pixels of one <see cref="HueFamily"/>: how many, how many the prediction hit
/// (as <see cref="HueAccuracy"/> counts hits), and the sums of the truth's and the prediction's a* and b* there.
/// </summary>
public readonly record struct HueFamilyTally(long ColouredPixels, long Hits, double TruthA, double TruthB, double PredictedA, double PredictedB)
{
    public static HueFamilyTally operator +(HueFamilyTally left, HueFamilyTally right) => new(
        left.ColouredPixels + right.ColouredPixels,
        left.Hits + right.Hits,
        left.TruthA + right.TruthA,
        left.TruthB + right.TruthB,
        left.PredictedA + right.PredictedA,
        left.PredictedB + right.PredictedB);
}
