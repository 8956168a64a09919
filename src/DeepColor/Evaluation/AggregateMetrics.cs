namespace DeepColor.Evaluation;

/// <summary>Scores over a whole set: means of the per-image scores, except where noted.</summary>
/// <param name="Images">Images scored.</param>
/// <param name="Psnr">Mean PSNR (dB).</param>
/// <param name="Ssim">Mean SSIM.</param>
/// <param name="Colorfulness">Mean colourfulness of the predictions.</param>
/// <param name="TruthColorfulness">Mean colourfulness of the ground truths.</param>
/// <param name="DeltaColorfulness">ΔCF = |Colorfulness − TruthColorfulness|.</param>
/// <param name="AbMae">Mean a*/b* absolute error.</param>
/// <param name="DeltaE2000">Mean of the per-image mean CIEDE2000.</param>
/// <param name="HueAccuracy">Pooled: all hits over all coloured pixels, so large images weigh more; null when no pixel is coloured.</param>
/// <param name="HueHits">Total hits.</param>
/// <param name="ColouredPixels">Total coloured truth pixels.</param>
/// <param name="SemanticAgreement">Share of images whose top-1 class is unchanged; null without a classifier.</param>
/// <param name="SemanticConfidence">
/// Mean probability the classifier gives each prediction for its truth's top-1 class; null without a classifier.
/// It moves with every image, where agreement moves by whole images, so it resolves smaller differences on small sets.
/// </param>
public sealed record AggregateMetrics(
    int Images,
    double Psnr,
    double Ssim,
    double Colorfulness,
    double TruthColorfulness,
    double DeltaColorfulness,
    double AbMae,
    double DeltaE2000,
    double? HueAccuracy,
    long HueHits,
    long ColouredPixels,
    double? SemanticAgreement,
    double? SemanticConfidence)
{
    /// <summary>
    /// Mean probability the classifier gives each truth for its own top-1 class: the semantic confidence a colouring
    /// equal to the truth would score, so the ceiling beside the model's and gray's; null without a classifier.
    /// </summary>
    public double? TruthSemanticConfidence { get; init; }

    /// <summary>
    /// Aggregates per-image scores; <paramref name="truthColorfulness"/> and, when given, <paramref name="truthConfidence"/>
    /// line up with <paramref name="images"/>.
    /// </summary>
    public static AggregateMetrics From(IReadOnlyList<ImageMetrics> images, IReadOnlyList<double> truthColorfulness, IReadOnlyList<double?>? truthConfidence = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(truthColorfulness);
        if (images.Count != truthColorfulness.Count) throw new ArgumentException("one truth colourfulness per image is needed");
        if (truthConfidence is not null && truthConfidence.Count != images.Count) throw new ArgumentException("one truth confidence (or null) per image is needed");
        if (images.Count == 0) throw new ArgumentException("cannot aggregate an empty set", nameof(images));
        var predictedCf = images.Select(m => m.Colorfulness).ToList();
        var hue = images.Aggregate(default(HueAccuracyResult), (acc, m) => acc + new HueAccuracyResult(m.HueHits, m.ColouredPixels));
        var judged = images.Where(m => m.SemanticMatch.HasValue).ToList();
        var truthJudged = truthConfidence?.OfType<double>().ToList() ?? [];
        return new AggregateMetrics(
            images.Count,
            images.Average(m => m.Psnr),
            images.Average(m => m.Ssim),
            predictedCf.Average(),
            truthColorfulness.Average(),
            Evaluation.Colorfulness.Delta(predictedCf, truthColorfulness.ToList()),
            images.Average(m => m.AbMae),
            images.Average(m => m.DeltaE2000),
            hue.Accuracy,
            hue.Hits,
            hue.ColouredPixels,
            judged.Count == 0 ? null : judged.Count(m => m.SemanticMatch == true) / (double)judged.Count,
            judged.Count == 0 ? null : judged.Average(m => m.SemanticConfidence ?? 0))
        {
            TruthSemanticConfidence = truthJudged.Count == 0 ? null : truthJudged.Average(),
        };
    }
}
