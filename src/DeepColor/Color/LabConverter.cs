namespace DeepColor.Color;

/// <summary>
/// sRGB ↔ CIE Lab conversions (D65), matching scikit-image's <c>rgb2lab</c> and <c>lab2rgb</c>:
/// scalar methods for single colours and span methods for whole images in planar layout.
/// </summary>
/// <remarks>
/// The scalar methods are the definition. The span methods compute the same formulas eight pixels
/// at a time (see <see cref="LabKernels"/>) and split large images across cores, because training and
/// inference convert every pixel of every image and the scalar path is far too slow for 24 MP photos.
/// Vector and scalar results agree to about 1e-5 in Lab and within one 8-bit step in sRGB.
/// </remarks>
public static class LabConverter
{
    /// <summary>Below this many pixels a span conversion runs on the calling thread only: splitting costs more than it saves.</summary>
    internal const int ParallelThreshold = 1 << 18;

    /// <summary>Pixels per parallel work item: large enough to amortise scheduling, small enough to balance two cores.</summary>
    internal const int ParallelChunk = 1 << 15;

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
    /// Vectorised; large images are split across cores.
    /// </summary>
    public static unsafe void RgbToLab(ReadOnlySpan<byte> pixels, int bytesPerPixel, Span<float> l, Span<float> a, Span<float> b)
    {
        CheckPlanes(pixels.Length, bytesPerPixel, l.Length, a.Length, b.Length);
        int n = l.Length;
        if (!SplitsAcrossCores(n))
        {
            LabKernels.RgbToLab(pixels, bytesPerPixel, l, a, b);
            return;
        }
        fixed (byte* pp = pixels)
        fixed (float* pl = l, pa = a, pb = b)
        {
            // Spans cannot enter the lambda; the pinned addresses can, and stay valid until ForEachChunk returns.
            nint px = (nint)pp, lx = (nint)pl, ax = (nint)pa, bx = (nint)pb;
            int bpp = bytesPerPixel;
            ForEachChunk(n, (start, count) =>
            {
                LabKernels.RgbToLab(
                    new ReadOnlySpan<byte>((byte*)px + (long)start * bpp, count * bpp), bpp,
                    new Span<float>((float*)lx + start, count), new Span<float>((float*)ax + start, count), new Span<float>((float*)bx + start, count));
            });
        }
    }

    /// <summary>
    /// Converts planar L*, a*, b* to interleaved 8-bit sRGB (3 or 4 bytes per pixel; a 4th byte is left untouched).
    /// Out-of-gamut colours are clipped. Vectorised; large images are split across cores.
    /// </summary>
    public static unsafe void LabToRgb(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<byte> pixels, int bytesPerPixel)
    {
        CheckPlanes(pixels.Length, bytesPerPixel, l.Length, a.Length, b.Length);
        int n = l.Length;
        if (!SplitsAcrossCores(n))
        {
            LabKernels.LabToRgb(l, a, b, pixels, bytesPerPixel);
            return;
        }
        fixed (byte* pp = pixels)
        fixed (float* pl = l, pa = a, pb = b)
        {
            nint px = (nint)pp, lx = (nint)pl, ax = (nint)pa, bx = (nint)pb;
            int bpp = bytesPerPixel;
            ForEachChunk(n, (start, count) =>
            {
                LabKernels.LabToRgb(
                    new ReadOnlySpan<float>((float*)lx + start, count), new ReadOnlySpan<float>((float*)ax + start, count), new ReadOnlySpan<float>((float*)bx + start, count),
                    new Span<byte>((byte*)px + (long)start * bpp, count * bpp), bpp);
            });
        }
    }

    /// <summary>
    /// Converts planar L*, a*, b* to planar gamma-encoded sRGB floats in [0, 1] (clipped), without 8-bit rounding:
    /// for metrics and for callers that keep working in float.
    /// </summary>
    public static unsafe void LabToRgbFloat(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> red, Span<float> green, Span<float> blue)
    {
        int n = l.Length;
        if (a.Length != n || b.Length != n || red.Length != n || green.Length != n || blue.Length != n)
            throw new ArgumentException($"plane lengths differ: Lab {n}/{a.Length}/{b.Length}, RGB {red.Length}/{green.Length}/{blue.Length}");
        if (!SplitsAcrossCores(n))
        {
            LabKernels.LabToRgbFloat(l, a, b, red, green, blue);
            return;
        }
        fixed (float* pl = l, pa = a, pb = b, pr = red, pg = green, pbl = blue)
        {
            nint lx = (nint)pl, ax = (nint)pa, bx = (nint)pb, rx = (nint)pr, gx = (nint)pg, blx = (nint)pbl;
            ForEachChunk(n, (start, count) =>
            {
                LabKernels.LabToRgbFloat(
                    new ReadOnlySpan<float>((float*)lx + start, count), new ReadOnlySpan<float>((float*)ax + start, count), new ReadOnlySpan<float>((float*)bx + start, count),
                    new Span<float>((float*)rx + start, count), new Span<float>((float*)gx + start, count), new Span<float>((float*)blx + start, count));
            });
        }
    }

    /// <summary>The plain per-pixel loop over the scalar definition: the reference the fast path is tested and benchmarked against.</summary>
    internal static void RgbToLabScalar(ReadOnlySpan<byte> pixels, int bytesPerPixel, Span<float> l, Span<float> a, Span<float> b)
    {
        CheckPlanes(pixels.Length, bytesPerPixel, l.Length, a.Length, b.Length);
        var lut = SrgbCompanding.ExpandByte;
        var white = Illuminants.D65;
        for (int i = 0, p = 0; i < l.Length; i++, p += bytesPerPixel)
        {
            var lab = XyzToLab(LinearToXyz(lut[pixels[p]], lut[pixels[p + 1]], lut[pixels[p + 2]]), white);
            l[i] = lab.L; a[i] = lab.A; b[i] = lab.B;
        }
    }

    /// <summary>Scalar reference for <see cref="LabToRgb"/>.</summary>
    internal static void LabToRgbScalar(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<byte> pixels, int bytesPerPixel)
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

    internal static Xyz LinearToXyz(float r, float g, float b)
    {
        var m = CieConstants.XyzFromRgb;
        return new Xyz(m[0, 0] * r + m[0, 1] * g + m[0, 2] * b, m[1, 0] * r + m[1, 1] * g + m[1, 2] * b, m[2, 0] * r + m[2, 1] * g + m[2, 2] * b);
    }

    internal static float F(float t) => t > CieConstants.Epsilon ? MathF.Cbrt(t) : CieConstants.LinearSlope * t + CieConstants.LinearOffset;

    internal static float FInverse(float t) => t > CieConstants.InverseThreshold ? t * t * t : (t - CieConstants.LinearOffset) / CieConstants.LinearSlope;

    private static float Clip01(float v) => v < 0 ? 0 : v > 1 ? 1 : v;

    private static bool SplitsAcrossCores(int n) => n >= ParallelThreshold && Environment.ProcessorCount > 1;

    /// <summary>Runs <paramref name="body"/>(start, count) over fixed-size chunks of 0..n−1 in parallel.</summary>
    private static void ForEachChunk(int n, Action<int, int> body) =>
        Parallel.For(0, (n + ParallelChunk - 1) / ParallelChunk, c =>
        {
            int start = c * ParallelChunk;
            body(start, Math.Min(ParallelChunk, n - start));
        });

    private static void CheckPlanes(int pixelBytes, int bpp, int nl, int na, int nb)
    {
        if (bpp is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(bpp), bpp, "3 or 4 bytes per pixel");
        if (nl != na || nl != nb || (long)pixelBytes != (long)nl * bpp)
            throw new ArgumentException($"plane lengths {nl}/{na}/{nb} do not match {pixelBytes} bytes at {bpp} per pixel");
    }
}
