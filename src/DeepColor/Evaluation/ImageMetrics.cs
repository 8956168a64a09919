namespace DeepColor.Evaluation;

/// <summary>The scores of one prediction (the model's or the grey baseline's) against one ground truth.</summary>
/// <param name="Psnr">PSNR on 8-bit RGB, dB, capped at <see cref="Evaluation.Psnr.MaxDecibels"/>.</param>
/// <param name="Ssim">Mean SSIM over R, G, B.</param>
/// <param name="Colorfulness">Hasler–Süsstrunk colourfulness of the prediction.</param>
/// <param name="AbMae">Mean absolute a*/b* error, Lab units.</param>
/// <param name="DeltaE2000">Mean CIEDE2000 over pixels.</param>
/// <param name="HueHits">Coloured truth pixels predicted coloured with the right hue.</param>
/// <param name="ColouredPixels">Truth pixels with C* ≥ <see cref="HueAccuracy.MinTruthChroma"/>.</param>
/// <param name="SemanticMatch">Whether the classifier's top-1 class equals the truth's; null without a classifier.</param>
/// <param name="SemanticConfidence">The probability the classifier gives this prediction for the truth's top-1 class; null without a classifier.</param>
public sealed record ImageMetrics(
    double Psnr,
    double Ssim,
    double Colorfulness,
    double AbMae,
    double DeltaE2000,
    long HueHits,
    long ColouredPixels,
    bool? SemanticMatch,
    double? SemanticConfidence)
{
    /// <summary>HueHits / ColouredPixels; null when the truth has no coloured pixel.</summary>
    public double? HueAccuracy => new HueAccuracyResult(HueHits, ColouredPixels).Accuracy;
}
