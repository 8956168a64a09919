using DeepColor.Color;

namespace DeepColor.Evaluation;

/// <summary>A <see cref="HueFamily"/>'s row of a <see cref="HueBreakdown"/>, as reports show it.</summary>
/// <param name="Name">The family's name.</param>
/// <param name="FromDegrees">Its truth hue span's start, Lab h_ab degrees.</param>
/// <param name="ToDegrees">Its span's end (exclusive).</param>
/// <param name="ColouredPixels">Coloured truth pixels in the family.</param>
/// <param name="Share">Their share of all coloured truth pixels.</param>
/// <param name="HueAccuracy">Hits over those pixels.</param>
/// <param name="TruthA">Mean truth a* there.</param>
/// <param name="TruthB">Mean truth b* there.</param>
/// <param name="PredictedA">Mean predicted a* on the same pixels.</param>
/// <param name="PredictedB">Mean predicted b* on the same pixels.</param>
public sealed record HueFamilyScore(
    string Name,
    double FromDegrees,
    double ToDegrees,
    long ColouredPixels,
    double Share,
    double HueAccuracy,
    double TruthA,
    double TruthB,
    double PredictedA,
    double PredictedB)
{
    /// <summary>The family's <see cref="HueFamily.Key"/>.</summary>
    public string Key => HueFamily.KeyOf(Name);

    /// <summary>L* at which reports paint the mean colours: mid-light, where most a*b* pairs are inside sRGB.</summary>
    public const float SwatchLightness = 65f;

    /// <summary>The mean truth colour at <see cref="SwatchLightness"/>, as "#rrggbb".</summary>
    public string TruthSwatch => Swatch(TruthA, TruthB);

    /// <summary>The mean predicted colour at <see cref="SwatchLightness"/>, as "#rrggbb".</summary>
    public string PredictedSwatch => Swatch(PredictedA, PredictedB);

    private static string Swatch(double a, double b) => LabConverter.ToSrgb(new Lab(SwatchLightness, (float)a, (float)b)).ToHex();
}
