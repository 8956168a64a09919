namespace DeepColor.Color;

/// <summary>Gamma-encoded sRGB (IEC 61966-2-1), each channel 0–1.</summary>
public readonly record struct Srgb(float R, float G, float B)
{
    /// <summary>From 8-bit channels.</summary>
    public static Srgb FromBytes(byte r, byte g, byte b) => new(r / 255f, g / 255f, b / 255f);
}
