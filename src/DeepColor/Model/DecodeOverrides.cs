namespace DeepColor.Model;

/// <summary>
/// Decode-time choices that can be changed on export or at load without retraining; a null field keeps the
/// value the model was trained with.
/// </summary>
/// <param name="Decode">regression, bins or blend (models with a bins head).</param>
/// <param name="Temperature">Annealed-mean temperature for the bins head.</param>
/// <param name="ChromaGain">Multiplies the decoded a*b*.</param>
/// <param name="Upsample">nearest or bilinear, for the final 2× of the a*b* planes.</param>
/// <param name="FlipAverage">Average with the prediction for the mirror image.</param>
/// <param name="ChromaExponent">Exponent of the chroma curve (0 = off).</param>
/// <param name="ChromaKnee">C*ab from which the chroma curve expands.</param>
/// <param name="ChromaSpread">Strength of the per-image chroma spread (0 = off).</param>
/// <param name="RenderSize">Default render size (long side) the model file asks for.</param>
public sealed record DecodeOverrides(
    string? Decode = null, float? Temperature = null, float? ChromaGain = null, string? Upsample = null, bool? FlipAverage = null,
    float? ChromaExponent = null, float? ChromaKnee = null, float? ChromaSpread = null, int? RenderSize = null, float? BinsShare = null)
{
    public static DecodeOverrides None { get; } = new();

    /// <summary>Every decode-time choice of <paramref name="config"/>, so applying it elsewhere copies them all.</summary>
    public static DecodeOverrides Of(ColorizerConfig config) =>
        new(config.Decode, config.AnnealTemperature, config.ChromaGain, config.Upsample, config.FlipAverage, config.ChromaExponent, config.ChromaKnee, config.ChromaSpread, config.RenderSize, config.BinsShare);

    public ColorizerConfig ApplyTo(ColorizerConfig config) => config with
    {
        Decode = Decode ?? config.Decode,
        AnnealTemperature = Temperature ?? config.AnnealTemperature,
        ChromaGain = ChromaGain ?? config.ChromaGain,
        Upsample = Upsample ?? config.Upsample,
        FlipAverage = FlipAverage ?? config.FlipAverage,
        ChromaExponent = ChromaExponent ?? config.ChromaExponent,
        ChromaKnee = ChromaKnee ?? config.ChromaKnee,
        ChromaSpread = ChromaSpread ?? config.ChromaSpread,
        RenderSize = RenderSize ?? config.RenderSize,
        BinsShare = BinsShare ?? config.BinsShare,
    };
}
