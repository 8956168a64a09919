using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepColor.Color;

/// <summary>
/// Eight-wide (AVX2) versions of the scalar formulas in <see cref="LabConverter"/> and
/// <see cref="SrgbCompanding"/>, used for the single-threaded part of every span conversion.
/// </summary>
/// <remarks>
/// Each vector helper mirrors one scalar function of the same name and uses the same constants from
/// <see cref="CieConstants"/>; the differences are float rounding only, from an iterative cube
/// root standing in for MathF.Cbrt and MathF.Pow(c, 1/2.4), which have no vector forms in the BCL. Tests pin
/// the two paths together. Pixels are processed in small blocks so the deinterleaved planes stay in L1.
/// Without vector hardware, and for the last few pixels of a block, the scalar functions run instead.
/// </remarks>
internal static class LabKernels
{
    private const int Block = 512;
    private static readonly int Lanes = Vector256<float>.Count;

    // Row-major copies of the matrices. The white point is deliberately not folded into them: dividing
    // in the same order as the scalar code keeps both paths bit-identical up to the cube root, and a*
    // (500·Δf) magnifies every ulp of difference.
    private static readonly float[] ToXyz = Flatten(CieConstants.XyzFromRgb);
    private static readonly float[] ToRgb = Flatten(CieConstants.RgbFromXyz);

    public static void RgbToLab(ReadOnlySpan<byte> pixels, int bpp, Span<float> l, Span<float> a, Span<float> b)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            LabConverter.RgbToLabScalar(pixels, bpp, l, a, b);
            return;
        }
        int n = l.Length;
        var lut = SrgbCompanding.ExpandByte;
        var m = ToXyz;
        var w = Illuminants.D65;
        Vector256<float> wx = Vector256.Create(w.X), wy = Vector256.Create(w.Y), wz = Vector256.Create(w.Z);
        Vector256<float> m00 = Vector256.Create(m[0]), m01 = Vector256.Create(m[1]), m02 = Vector256.Create(m[2]);
        Vector256<float> m10 = Vector256.Create(m[3]), m11 = Vector256.Create(m[4]), m12 = Vector256.Create(m[5]);
        Vector256<float> m20 = Vector256.Create(m[6]), m21 = Vector256.Create(m[7]), m22 = Vector256.Create(m[8]);
        Vector256<float> c116 = Vector256.Create(116f), c16 = Vector256.Create(16f), c500 = Vector256.Create(500f), c200 = Vector256.Create(200f);

        Span<float> rs = stackalloc float[Block], gs = stackalloc float[Block], bs = stackalloc float[Block];
        ref float r0 = ref MemoryMarshal.GetReference(rs), g0 = ref MemoryMarshal.GetReference(gs), b0 = ref MemoryMarshal.GetReference(bs);
        ref byte p0 = ref MemoryMarshal.GetReference(pixels);
        for (int start = 0; start < n; start += Block)
        {
            int count = Math.Min(Block, n - start);
            ref byte src = ref Unsafe.Add(ref p0, (nint)start * bpp);
            for (int i = 0, p = 0; i < count; i++, p += bpp)
            {
                Unsafe.Add(ref r0, i) = lut[Unsafe.Add(ref src, p)];
                Unsafe.Add(ref g0, i) = lut[Unsafe.Add(ref src, p + 1)];
                Unsafe.Add(ref b0, i) = lut[Unsafe.Add(ref src, p + 2)];
            }
            ref float lo = ref Unsafe.Add(ref MemoryMarshal.GetReference(l), start);
            ref float ao = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), start);
            ref float bo = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), start);
            int v = 0;
            for (; v <= count - Lanes; v += Lanes)
            {
                var r = Vector256.LoadUnsafe(ref r0, (nuint)v);
                var g = Vector256.LoadUnsafe(ref g0, (nuint)v);
                var bl = Vector256.LoadUnsafe(ref b0, (nuint)v);
                var fx = F((m00 * r + m01 * g + m02 * bl) / wx);
                var fy = F((m10 * r + m11 * g + m12 * bl) / wy);
                var fz = F((m20 * r + m21 * g + m22 * bl) / wz);
                (c116 * fy - c16).StoreUnsafe(ref lo, (nuint)v);
                (c500 * (fx - fy)).StoreUnsafe(ref ao, (nuint)v);
                (c200 * (fy - fz)).StoreUnsafe(ref bo, (nuint)v);
            }
            var white = Illuminants.D65;
            for (; v < count; v++)
            {
                var lab = LabConverter.XyzToLab(LabConverter.LinearToXyz(rs[v], gs[v], bs[v]), white);
                Unsafe.Add(ref lo, v) = lab.L; Unsafe.Add(ref ao, v) = lab.A; Unsafe.Add(ref bo, v) = lab.B;
            }
        }
    }

    public static void LabToRgb(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<byte> pixels, int bpp)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            LabConverter.LabToRgbScalar(l, a, b, pixels, bpp);
            return;
        }
        int n = l.Length;
        Span<float> rs = stackalloc float[Block], gs = stackalloc float[Block], bs = stackalloc float[Block];
        ref byte p0 = ref MemoryMarshal.GetReference(pixels);
        for (int start = 0; start < n; start += Block)
        {
            int count = Math.Min(Block, n - start);
            ToSrgb(l.Slice(start, count), a.Slice(start, count), b.Slice(start, count), rs, gs, bs, byteScale: true);
            ref byte dst = ref Unsafe.Add(ref p0, (nint)start * bpp);
            for (int i = 0, p = 0; i < count; i++, p += bpp)
            {
                // The planes already hold round(255·clip(c)), so the cast is exact.
                Unsafe.Add(ref dst, p) = (byte)rs[i];
                Unsafe.Add(ref dst, p + 1) = (byte)gs[i];
                Unsafe.Add(ref dst, p + 2) = (byte)bs[i];
            }
        }
    }

    public static void LabToRgbFloat(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> red, Span<float> green, Span<float> blue)
    {
        for (int start = 0; start < l.Length; start += Block)
        {
            int count = Math.Min(Block, l.Length - start);
            ToSrgb(l.Slice(start, count), a.Slice(start, count), b.Slice(start, count),
                red.Slice(start, count), green.Slice(start, count), blue.Slice(start, count), byteScale: false);
        }
    }

    /// <summary>
    /// Lab → clipped sRGB for up to one block. With <paramref name="byteScale"/> the outputs are
    /// round(255·c), the same value <see cref="LabConverter.ToByte"/> produces, else c in [0, 1].
    /// </summary>
    private static void ToSrgb(ReadOnlySpan<float> l, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> red, Span<float> green, Span<float> blue, bool byteScale)
    {
        int count = l.Length;
        int v = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var m = ToRgb;
            var w = Illuminants.D65;
            Vector256<float> wx = Vector256.Create(w.X), wy = Vector256.Create(w.Y), wz = Vector256.Create(w.Z);
            Vector256<float> m00 = Vector256.Create(m[0]), m01 = Vector256.Create(m[1]), m02 = Vector256.Create(m[2]);
            Vector256<float> m10 = Vector256.Create(m[3]), m11 = Vector256.Create(m[4]), m12 = Vector256.Create(m[5]);
            Vector256<float> m20 = Vector256.Create(m[6]), m21 = Vector256.Create(m[7]), m22 = Vector256.Create(m[8]);
            Vector256<float> c16 = Vector256.Create(16f), c116 = Vector256.Create(116f), c500 = Vector256.Create(500f), c200 = Vector256.Create(200f);
            Vector256<float> scale = Vector256.Create(byteScale ? 255f : 1f);
            ref float l0 = ref MemoryMarshal.GetReference(l), a0 = ref MemoryMarshal.GetReference(a), b0 = ref MemoryMarshal.GetReference(b);
            ref float r0 = ref MemoryMarshal.GetReference(red), g0 = ref MemoryMarshal.GetReference(green), bl0 = ref MemoryMarshal.GetReference(blue);
            for (; v <= count - Lanes; v += Lanes)
            {
                var fy = (Vector256.LoadUnsafe(ref l0, (nuint)v) + c16) / c116;
                var fx = Vector256.LoadUnsafe(ref a0, (nuint)v) / c500 + fy;
                var fz = Vector256.Max(fy - Vector256.LoadUnsafe(ref b0, (nuint)v) / c200, Vector256<float>.Zero);
                var x = FInverse(fx) * wx;
                var y = FInverse(fy) * wy;
                var z = FInverse(fz) * wz;
                var r = Clip01(Compress(m00 * x + m01 * y + m02 * z)) * scale;
                var g = Clip01(Compress(m10 * x + m11 * y + m12 * z)) * scale;
                var bl = Clip01(Compress(m20 * x + m21 * y + m22 * z)) * scale;
                if (byteScale)
                {
                    r = Vector256.Round(r);
                    g = Vector256.Round(g);
                    bl = Vector256.Round(bl);
                }
                r.StoreUnsafe(ref r0, (nuint)v);
                g.StoreUnsafe(ref g0, (nuint)v);
                bl.StoreUnsafe(ref bl0, (nuint)v);
            }
        }
        var white = Illuminants.D65;
        for (; v < count; v++)
        {
            var c = LabConverter.ToSrgb(LabConverter.LabToXyz(new Lab(l[v], a[v], b[v]), white));
            if (byteScale)
            {
                red[v] = LabConverter.ToByte(c.R); green[v] = LabConverter.ToByte(c.G); blue[v] = LabConverter.ToByte(c.B);
            }
            else
            {
                red[v] = c.R; green[v] = c.G; blue[v] = c.B;
            }
        }
    }

    /// <summary>Vector form of <see cref="LabConverter.F"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> F(Vector256<float> t)
    {
        // Lanes at or below ε take the linear branch, so whatever Cbrt gives for t ≤ 0 is discarded.
        var cube = Cbrt(t);
        var linear = Vector256.Create(CieConstants.LinearSlope) * t + Vector256.Create(CieConstants.LinearOffset);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(t, Vector256.Create(CieConstants.Epsilon)), cube, linear);
    }

    /// <summary>Cube root for positive lanes, to float precision.</summary>
    /// <remarks>
    /// Dividing the float's bit pattern by three divides its exponent by three, giving a first guess
    /// within a few percent; two Halley steps (cubic convergence) then reach full float precision.
    /// Cheaper and more accurate than exp(log(t)/3), whose error, scaled by 500 in a*, exceeded 1e-4.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Cbrt(Vector256<float> t)
    {
        // 0x2A555555 = two thirds of the bit pattern of 1.0f, which keeps cbrt(1) ≈ 1.
        var bits = Vector256.ConvertToInt32(Vector256.ConvertToSingle(t.AsInt32()) * Vector256.Create(1f / 3f)) + Vector256.Create(0x2A555555);
        var y = bits.AsSingle();
        var two = Vector256.Create(2f);
        var y3 = y * y * y;
        y *= (y3 + two * t) / (two * y3 + t);
        // The last step as a small correction, so its own rounding error is relative to the correction.
        y3 = y * y * y;
        return y - y * (y3 - t) / (two * y3 + t);
    }

    /// <summary>Vector form of <see cref="LabConverter.FInverse"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> FInverse(Vector256<float> t)
    {
        var cubed = t * t * t;
        var linear = (t - Vector256.Create(CieConstants.LinearOffset)) / Vector256.Create(CieConstants.LinearSlope);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(t, Vector256.Create(CieConstants.InverseThreshold)), cubed, linear);
    }

    /// <summary>Vector form of <see cref="SrgbCompanding.Compress"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Compress(Vector256<float> c)
    {
        // c^(1/2.4) = c^(5/12) = c^(1/3) · c^(1/12), and c^(1/12) is the fourth root of c^(1/3):
        // one cube root and two hardware square roots instead of exp(log(c)/2.4).
        var cube = Cbrt(c);
        var power = cube * Vector256.Sqrt(Vector256.Sqrt(cube));
        var curve = Vector256.Create(1 + CieConstants.SrgbOffset) * power - Vector256.Create(CieConstants.SrgbOffset);
        var linear = c * Vector256.Create(CieConstants.SrgbLinearSlope);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(c, Vector256.Create(CieConstants.SrgbLinearInverseThreshold)), curve, linear);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Clip01(Vector256<float> v) => Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256<float>.One);

    private static float[] Flatten(float[,] m) => [m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2]];
}
