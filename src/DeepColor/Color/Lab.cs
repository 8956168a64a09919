namespace DeepColor.Color;

/// <summary>
/// CIE L*a*b* (1976). L* is 0–100; a* and b* are usually within ±128 for sRGB colours but are
/// not clamped here, because out-of-gamut predictions must survive until the final sRGB clip.
/// </summary>
public readonly record struct Lab(float L, float A, float B)
{
    /// <summary>Chroma C*ab = sqrt(a² + b²).</summary>
    public float Chroma => MathF.Sqrt(A * A + B * B);

    /// <summary>Hue angle h_ab in degrees, 0–360.</summary>
    public float HueDegrees
    {
        get
        {
            float h = MathF.Atan2(B, A) * (180f / MathF.PI);
            return h < 0 ? h + 360f : h;
        }
    }
}
