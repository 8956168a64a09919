namespace DeepColor.Color;

/// <summary>
/// Constants of the sRGB and CIE Lab definitions, with the exact values scikit-image uses
/// (skimage/color/colorconv.py), so <c>rgb2lab</c>/<c>lab2rgb</c> results agree to float precision.
/// </summary>
internal static class CieConstants
{
    // IEC 61966-2-1 companding.
    public const float SrgbLinearThreshold = 0.04045f;
    public const float SrgbLinearInverseThreshold = 0.0031308f;
    public const float SrgbLinearSlope = 12.92f;
    public const float SrgbOffset = 0.055f;
    public const float SrgbGamma = 2.4f;

    // CIE Lab: ε = 0.008856 and κ/116 = 7.787 as scikit-image writes them (not the exact 216/24389).
    public const float Epsilon = 0.008856f;
    public const float LinearSlope = 7.787f;
    public const float LinearOffset = 16f / 116f;
    public const float InverseThreshold = 0.2068966f;

    /// <summary>sRGB (linear) → XYZ, skimage's <c>xyz_from_rgb</c>.</summary>
    public static readonly float[,] XyzFromRgb =
    {
        { 0.412453f, 0.357580f, 0.180423f },
        { 0.212671f, 0.715160f, 0.072169f },
        { 0.019334f, 0.119193f, 0.950227f },
    };

    /// <summary>XYZ → linear sRGB: the inverse of <see cref="XyzFromRgb"/>, computed in double once.</summary>
    public static readonly float[,] RgbFromXyz = Invert(XyzFromRgb);

    private static float[,] Invert(float[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], i = m[2, 2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new float[,]
        {
            { (float)((e * i - f * h) / det), (float)((c * h - b * i) / det), (float)((b * f - c * e) / det) },
            { (float)((f * g - d * i) / det), (float)((a * i - c * g) / det), (float)((c * d - a * f) / det) },
            { (float)((d * h - e * g) / det), (float)((b * g - a * h) / det), (float)((a * e - b * d) / det) },
        };
    }
}
