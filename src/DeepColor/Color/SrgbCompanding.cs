namespace DeepColor.Color;

/// <summary>The sRGB transfer curve (IEC 61966-2-1), defined once as scalar functions.</summary>
public static class SrgbCompanding
{
    /// <summary>Gamma-encoded → linear.</summary>
    public static float Expand(float c) =>
        c > CieConstants.SrgbLinearThreshold
            ? MathF.Pow((c + CieConstants.SrgbOffset) / (1 + CieConstants.SrgbOffset), CieConstants.SrgbGamma)
            : c / CieConstants.SrgbLinearSlope;

    /// <summary>Linear → gamma-encoded.</summary>
    public static float Compress(float c) =>
        c > CieConstants.SrgbLinearInverseThreshold
            ? (1 + CieConstants.SrgbOffset) * MathF.Pow(c, 1f / CieConstants.SrgbGamma) - CieConstants.SrgbOffset
            : c * CieConstants.SrgbLinearSlope;

    /// <summary>Linearised values of all 256 8-bit codes, so decoding 8-bit images needs no pow().</summary>
    internal static readonly float[] ExpandByte = Enumerable.Range(0, 256).Select(i => Expand(i / 255f)).ToArray();
}
