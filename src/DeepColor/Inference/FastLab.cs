using DeepColor.Color;

namespace DeepColor.Inference;

/// <summary>
/// The two conversions of the full-resolution pass, specialised for speed: L* alone from 8-bit sRGB,
/// and Lab → 8-bit sRGB through a lookup table instead of three pow() calls per pixel.
/// </summary>
/// <remarks>
/// Same formulas and constants as <see cref="LabConverter"/> (whose results stay the reference);
/// the table reproduces its rounding except, rarely, at exact rounding ties (±1 code value).
/// At 24 MP the generic path spent ~6 transcendental calls per pixel, most of the time of a run.
/// </remarks>
internal static class FastLab
{
    private const int Buckets = 4096;
    private static readonly float[] Expand = SrgbCompanding.ExpandByte;
    private static readonly float[] GrayLightness = BuildGrayLightness();

    // Threshold[k] = the smallest linear value that encodes to code k (k = 1..255).
    private static readonly float[] Threshold = BuildThresholds();
    private static readonly byte[] BucketStart = BuildBuckets();

    private static readonly float Y0 = CieConstants.XyzFromRgb[1, 0], Y1 = CieConstants.XyzFromRgb[1, 1], Y2 = CieConstants.XyzFromRgb[1, 2];
    private static readonly float[,] M = CieConstants.RgbFromXyz;

    /// <summary>L* of each pixel of interleaved RGBA bytes.</summary>
    public static void Lightness(ReadOnlySpan<byte> rgba, Span<float> l)
    {
        float whiteY = Illuminants.D65.Y;
        for (int i = 0, p = 0; i < l.Length; i++, p += 4)
        {
            byte r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
            if (r == g && g == b)
            {
                l[i] = GrayLightness[r];
                continue;
            }
            float y = Y0 * Expand[r] + Y1 * Expand[g] + Y2 * Expand[b];
            l[i] = 116f * F(y / whiteY) - 16f;
        }
    }

    /// <summary>Planar Lab → RGB bytes of interleaved RGBA (alpha untouched), clipped to the gamut as skimage does.</summary>
    public static void ToRgb(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<byte> rgba)
    {
        var white = Illuminants.D65;
        float m00 = M[0, 0], m01 = M[0, 1], m02 = M[0, 2], m10 = M[1, 0], m11 = M[1, 1], m12 = M[1, 2], m20 = M[2, 0], m21 = M[2, 1], m22 = M[2, 2];
        for (int i = 0, p = 0; i < l.Length; i++, p += 4)
        {
            float fy = (l[i] + 16f) / 116f;
            float fx = a[i] / 500f + fy;
            float fz = MathF.Max(fy - b[i] / 200f, 0f);
            float x = FInverse(fx) * white.X, y = FInverse(fy) * white.Y, z = FInverse(fz) * white.Z;
            rgba[p] = Encode(m00 * x + m01 * y + m02 * z);
            rgba[p + 1] = Encode(m10 * x + m11 * y + m12 * z);
            rgba[p + 2] = Encode(m20 * x + m21 * y + m22 * z);
        }
    }

    /// <summary>Linear light → sRGB code value (what Compress, clip and round give).</summary>
    public static byte Encode(float linear)
    {
        if (!(linear > 0f)) return 0;
        if (linear >= 1f) return 255;
        int k = BucketStart[(int)(linear * Buckets)];
        while (k < 255 && linear >= Threshold[k + 1]) k++;
        return (byte)k;
    }

    private static float F(float t) => t > CieConstants.Epsilon ? MathF.Cbrt(t) : CieConstants.LinearSlope * t + CieConstants.LinearOffset;

    private static float FInverse(float t) => t > CieConstants.InverseThreshold ? t * t * t : (t - CieConstants.LinearOffset) / CieConstants.LinearSlope;

    private static float[] BuildGrayLightness()
    {
        var table = new float[256];
        Span<byte> px = stackalloc byte[4];
        Span<float> l = stackalloc float[1], a = stackalloc float[1], b = stackalloc float[1];
        for (int v = 0; v < 256; v++)
        {
            px[0] = px[1] = px[2] = (byte)v;
            LabConverter.RgbToLab(px, 4, l, a, b);
            table[v] = l[0];
        }
        return table;
    }

    private static float[] BuildThresholds()
    {
        var t = new float[256];
        for (int k = 1; k < 256; k++)
        {
            // Bisect in float so the table agrees with the float arithmetic of LabConverter.
            float lo = 0f, hi = 1f;
            for (int it = 0; it < 60; it++)
            {
                float mid = (lo + hi) / 2;
                if (mid == lo || mid == hi) break;
                if (LabConverter.ToByte(SrgbCompanding.Compress(mid)) >= k) hi = mid; else lo = mid;
            }
            t[k] = hi;
        }
        return t;
    }

    private static byte[] BuildBuckets()
    {
        var start = new byte[Buckets + 1];
        int k = 0;
        for (int j = 0; j <= Buckets; j++)
        {
            float low = (float)j / Buckets;
            while (k < 255 && low >= Threshold[k + 1]) k++;
            start[j] = (byte)k;
        }
        return start;
    }
}
