using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// A decode-time tone curve on chroma: colours stronger than a knee are made stronger still, by
/// (C/knee)^exponent, and weaker ones are left alone. A network trained against squared error
/// mutes the colours it is sure of as much as the ones it is not; on held-out images, stretching
/// only the confident (already saturated) colours bought more colourfulness per decibel of PSNR than a
/// uniform gain, without pushing the doubtful near-grey pixels towards a wrong hue.
/// </summary>
public static class ChromaCurve
{
    /// <summary>Expands normalised a*b* [N,2,H,W] along each pixel's hue; the result stays in [−1, 1].</summary>
    /// <param name="abNorm">a*b* divided by the normalisation scale.</param>
    /// <param name="kneeChroma">C*ab (a*b* units) below which nothing changes.</param>
    /// <param name="exponent">0 leaves the input as it is.</param>
    public static Tensor Expand(Tensor abNorm, float kneeChroma, float exponent)
    {
        if (exponent == 0f) return abNorm.alias();
        using var scope = NewDisposeScope();
        float knee = kneeChroma / Imaging.LabNormalization.AbScale;
        var chroma = abNorm.Power(2).sum(1, keepdim: true).sqrt();
        var factor = chroma.ClampMin(knee).DividedBy(knee).Power(exponent);
        return (abNorm * factor).ClampTo(-1, 1).MoveToOuterDisposeScope();
    }
}
