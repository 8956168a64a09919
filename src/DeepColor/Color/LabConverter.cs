namespace DeepColor.Color;

/// <summary>
/// sRGB ↔ CIE Lab conversions (D65), matching scikit-image's <c>rgb2lab</c> and <c>lab2rgb</c>:
/// scalar methods for single colours and span methods for whole images in planar layout.
/// </summary>
public static class LabConverter
{
    /// <summary>Gamma-encoded sRGB → Lab.</summary>
    public static Lab ToLab(Srgb c) => XyzToLab(ToXyz(c), Illuminants.D65);

    /// <summary>Lab → gamma-encoded sRGB, clipped to [0, 1] as skimage does for out-of-gamut colours.</summary>
    public static Srgb ToSrgb(Lab lab) => ToSrgb(LabToXyz(lab, Illuminants.D65));

    /// <summary>Gamma-encoded sRGB → XYZ.</summary>
    public static Xyz ToXyz(Srgb c) => LinearToXyz(SrgbCompanding.Expand(c.R), SrgbCompanding.Expand(c.G), SrgbCompanding.Expand(c.B));

    /// <summary>XYZ → gamma-encoded sRGB, clipped.</summary>
    public static Srgb ToSrgb(Xyz xyz)
    {
        var m = CieConstants.RgbFromXyz;
        float r = m[0, 0] * xyz.X + m[0, 1] * xyz.Y + m[0, 2] * xyz.Z;
        float g = m[1, 0] * xyz.X + m[1, 1] * xyz.Y + m[1, 2] * xyz.Z;
        float b = m[2, 0] * xyz.X + m[2, 1] * xyz.Y + m[2, 2] * xyz.Z;
        return new Srgb(Clip01(SrgbCompanding.Compress(r)), Clip01(SrgbCompanding.Compress(g)), Clip01(SrgbCompanding.Compress(b)));
    }

    /// <summary>XYZ → Lab relative to <paramref name="white"/>.</summary>
    public static Lab XyzToLab(Xyz xyz, Xyz white)
    {
        float fx = F(xyz.X / white.X), fy = F(xyz.Y / white.Y), fz = F(xyz.Z / white.Z);
        return new Lab(116f * fy - 16f, 500f * (fx - fy), 200f * (fy - fz));
    }

    /// <summary>Lab → XYZ relative to <paramref name="white"/>; negative Z is set to 0, as in skimage.</summary>
    public static Xyz LabToXyz(Lab lab, Xyz white)
    {
        float fy = (lab.L + 16f) / 116f;
        float fx = lab.A / 500f + fy;
        float fz = MathF.Max(fy - lab.B / 200f, 0f);
        return new Xyz(FInverse(fx) * white.X, FInverse(fy) * white.Y, FInverse(fz) * white.Z);
    }

    /// <summary>
    /// Converts interleaved 8-bit pixels (3 or 4 bytes each; a 4th byte is ignored) to planar L*, a*, b*.
    /// </summary>
    public static void RgbToLab(ReadOnlySpan<byte> pixels, int bytesPerPixel, Span<float> l, Span<float> a, Span<float> b)
    {
        CheckPlanes(pixels.Length, bytesPerPixel, l.Length, a.Length, b.Length);
        var lut = SrgbCompanding.ExpandByte;
        var white = Illuminants.D65;
        for (int i = 0, p = 0; i < l.Length; i++, p += bytesPerPixel)
        {
            var xyz = LinearToXyz(lut[pixels[p]], lut[pixels[p + 1]], lut[pixels[p + 2]]);
            var lab = XyzToLab(xyz, white);
            l[i] = lab.L; a[i] = lab.A; b[i] = lab.B;
        }
    }

    /// <summary>
    /// Converts planar L*, a*, b* to interleaved 8-bit sRGB (3 or 4 bytes per pixel; a 4th byte is left untouched).
    /// </summary>
    public static void LabToRgb(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<byte> pixels, int bytesPerPixel)
    {
        CheckPlanes(pixels.Length, bytesPerPixel, l.Length, a.Length, b.Length);
        var white = Illuminants.D65;
        for (int i = 0, p = 0; i < l.Length; i++, p += bytesPerPixel)
        {
            var c = ToSrgb(LabToXyz(new Lab(l[i], a[i], b[i]), white));
            pixels[p] = ToByte(c.R); pixels[p + 1] = ToByte(c.G); pixels[p + 2] = ToByte(c.B);
        }
    }

    internal static byte ToByte(float unit) => (byte)MathF.Round(Math.Clamp(unit, 0f, 1f) * 255f);

    private static Xyz LinearToXyz(float r, float g, float b)
    {
        var m = CieConstants.XyzFromRgb;
        return new Xyz(m[0, 0] * r + m[0, 1] * g + m[0, 2] * b, m[1, 0] * r + m[1, 1] * g + m[1, 2] * b, m[2, 0] * r + m[2, 1] * g + m[2, 2] * b);
    }

    private static float F(float t) => t > CieConstants.Epsilon ? MathF.Cbrt(t) : CieConstants.LinearSlope * t + CieConstants.LinearOffset;

    private static float FInverse(float t) => t > CieConstants.InverseThreshold ? t * t * t : (t - CieConstants.LinearOffset) / CieConstants.LinearSlope;

    private static float Clip01(float v) => v < 0 ? 0 : v > 1 ? 1 : v;

    private static void CheckPlanes(int pixelBytes, int bpp, int nl, int na, int nb)
    {
        if (bpp is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(bpp), bpp, "3 or 4 bytes per pixel");
        if (nl != na || nl != nb || pixelBytes != nl * bpp)
            throw new ArgumentException($"plane lengths {nl}/{na}/{nb} do not match {pixelBytes} bytes at {bpp} per pixel");
    }
}
