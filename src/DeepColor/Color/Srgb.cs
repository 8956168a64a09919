namespace DeepColor.Color;

/// <summary>Gamma-encoded sRGB (IEC 61966-2-1), each channel 0–1.</summary>
public readonly record struct Srgb(float R, float G, float B)
{
    /// <summary>From 8-bit channels.</summary>
    public static Srgb FromBytes(byte r, byte g, byte b) => new(r / 255f, g / 255f, b / 255f);

    /// <summary>"#rrggbb", each channel clipped to 0–1 first, as a display clips an out-of-gamut colour.</summary>
    public string ToHex()
    {
        static int Byte(float v) => (int)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
        return FormattableString.Invariant($"#{Byte(R):x2}{Byte(G):x2}{Byte(B):x2}");
    }
}
