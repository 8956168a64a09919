using DeepColor.Color;

namespace DeepColor.Tests.Color;

public sealed class LabConverterTests
{
    // Expected values: scikit-image rgb2lab (D65, 2°) for 8-bit sRGB, computed in double precision;
    // the primaries agree with Bruce Lindbloom's published table to 0.001.
    public static TheoryData<byte, byte, byte, float, float, float> Reference => new()
    {
        { 255, 0, 0, 53.2406f, 80.0923f, 67.2028f },
        { 0, 255, 0, 87.7351f, -86.1830f, 83.1797f },
        { 0, 0, 255, 32.2957f, 79.1856f, -107.8573f },
        { 255, 255, 255, 100f, -0.0025f, 0.0047f },
        { 0, 0, 0, 0f, 0f, 0f },
        { 128, 128, 128, 53.5850f, -0.0015f, 0.0028f },
        { 255, 255, 0, 97.1395f, -21.5547f, 94.4781f },
        { 0, 255, 255, 91.1133f, -48.0906f, -14.1263f },
        { 255, 0, 255, 60.3235f, 98.2331f, -60.8210f },
        { 1, 1, 1, 0.2742f, 0f, 0f },
        { 10, 20, 30, 5.9485f, -0.6693f, -8.1364f },
        { 200, 150, 100, 65.7601f, 12.7589f, 33.5647f },
        { 50, 100, 150, 41.2054f, -0.1736f, -32.3187f },
    };

    [Theory]
    [MemberData(nameof(Reference))]
    public void Should_match_reference_Lab_for_sRGB_colour(byte r, byte g, byte b, float l, float a, float bb)
    {
        var lab = LabConverter.ToLab(Srgb.FromBytes(r, g, b));

        Assert.Equal(l, lab.L, 0.01f);
        Assert.Equal(a, lab.A, 0.01f);
        Assert.Equal(bb, lab.B, 0.01f);
    }

    [Theory]
    [MemberData(nameof(Reference))]
    public void Should_match_reference_Lab_through_the_batch_path(byte r, byte g, byte b, float l, float a, float bb)
    {
        // Nine copies so the colour passes through the vector lanes and the scalar tail.
        var pixels = Enumerable.Repeat(new[] { r, g, b, (byte)7 }, 9).SelectMany(p => p).ToArray();
        float[] ls = new float[9], aa = new float[9], bs = new float[9];

        LabConverter.RgbToLab(pixels, 4, ls, aa, bs);

        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(l, ls[i], 0.01f);
            Assert.Equal(a, aa[i], 0.01f);
            Assert.Equal(bb, bs[i], 0.01f);
        }
    }

    [Theory]
    [MemberData(nameof(Reference))]
    public void Should_return_the_original_bytes_when_converting_reference_Lab_back(byte r, byte g, byte b, float l, float a, float bb)
    {
        var c = LabConverter.ToSrgb(new Lab(l, a, bb));

        Assert.Equal(r, LabConverter.ToByte(c.R));
        Assert.Equal(g, LabConverter.ToByte(c.G));
        Assert.Equal(b, LabConverter.ToByte(c.B));
    }

    [Fact]
    public void Should_round_trip_a_17_cube_RGB_grid_within_half_a_code_value()
    {
        float worst = 0;
        for (int r = 0; r <= 16; r++)
            for (int g = 0; g <= 16; g++)
                for (int b = 0; b <= 16; b++)
                {
                    var src = Srgb.FromBytes(Level(r), Level(g), Level(b));
                    var back = LabConverter.ToSrgb(LabConverter.ToLab(src));
                    worst = Math.Max(worst, Math.Max(Math.Abs(back.R - src.R), Math.Max(Math.Abs(back.G - src.G), Math.Abs(back.B - src.B))));
                }

        Assert.True(worst < 0.5f / 255f, $"worst round-trip error {worst * 255f:F4}/255");
    }

    [Fact]
    public void Should_round_trip_a_17_cube_grid_through_the_float_batch_path()
    {
        var (pixels, n) = Grid17();
        float[] l = new float[n], a = new float[n], b = new float[n], r = new float[n], g = new float[n], bl = new float[n];

        LabConverter.RgbToLab(pixels, 3, l, a, b);
        LabConverter.LabToRgbFloat(l, a, b, r, g, bl);

        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(r[i] - pixels[3 * i] / 255f) < 0.5f / 255f, $"pixel {i} red");
            Assert.True(Math.Abs(g[i] - pixels[3 * i + 1] / 255f) < 0.5f / 255f, $"pixel {i} green");
            Assert.True(Math.Abs(bl[i] - pixels[3 * i + 2] / 255f) < 0.5f / 255f, $"pixel {i} blue");
        }
    }

    [Fact]
    public void Should_round_trip_a_17_cube_grid_exactly_through_the_byte_batch_path()
    {
        var (pixels, n) = Grid17();
        float[] l = new float[n], a = new float[n], b = new float[n];
        var back = new byte[pixels.Length];

        LabConverter.RgbToLab(pixels, 3, l, a, b);
        LabConverter.LabToRgb(l, a, b, back, 3);

        Assert.Equal(pixels, back);
    }

    [Theory]
    [InlineData(50f, 120f, -120f)]
    [InlineData(50f, -128f, 127f)]
    [InlineData(100f, 127f, 127f)]
    [InlineData(0f, -100f, -100f)]
    [InlineData(120f, 0f, 0f)]
    [InlineData(-10f, 20f, 20f)]
    public void Should_clip_out_of_gamut_Lab_to_the_unit_cube(float l, float a, float b)
    {
        var c = LabConverter.ToSrgb(new Lab(l, a, b));
        float[] r = new float[1], g = new float[1], bl = new float[1];
        var bytes = new byte[16 * 3];
        float[] ls = Enumerable.Repeat(l, 16).ToArray(), aa = Enumerable.Repeat(a, 16).ToArray(), bs = Enumerable.Repeat(b, 16).ToArray();
        float[] rs = new float[16], gs = new float[16], bls = new float[16];

        LabConverter.LabToRgbFloat(ls, aa, bs, rs, gs, bls);
        LabConverter.LabToRgb(ls, aa, bs, bytes, 3);

        foreach (var v in new[] { c.R, c.G, c.B }.Concat(rs).Concat(gs).Concat(bls))
            Assert.InRange(v, 0f, 1f);
        Assert.Equal(LabConverter.ToByte(c.R), bytes[0]);
        Assert.Equal(LabConverter.ToByte(c.G), bytes[1]);
        Assert.Equal(LabConverter.ToByte(c.B), bytes[2]);
    }

    [Fact]
    public void Should_clip_strongly_saturated_violet_to_full_blue_and_no_green()
    {
        var c = LabConverter.ToSrgb(new Lab(50, 120, -120));

        Assert.Equal(1f, c.B);
        Assert.InRange(c.R, 0.5f, 0.99f);
        Assert.Equal(0f, c.G);
    }

    [Fact]
    public void Should_leave_the_fourth_byte_untouched_when_writing_four_bytes_per_pixel()
    {
        float[] l = Enumerable.Repeat(60f, 11).ToArray(), a = new float[11], b = new float[11];
        var pixels = Enumerable.Repeat((byte)42, 44).ToArray();

        LabConverter.LabToRgb(l, a, b, pixels, 4);

        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(42, pixels[4 * i + 3]);
            Assert.NotEqual(42, pixels[4 * i]);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Should_reject_unsupported_bytes_per_pixel(int bpp)
    {
        var pixels = new byte[bpp * 4];
        float[] l = new float[4], a = new float[4], b = new float[4];

        Assert.Throws<ArgumentOutOfRangeException>(() => LabConverter.RgbToLab(pixels, bpp, l, a, b));
    }

    [Fact]
    public void Should_reject_planes_that_do_not_match_the_pixel_count()
    {
        var pixels = new byte[4 * 10];
        float[] l = new float[10], a = new float[9], b = new float[10];

        Assert.Throws<ArgumentException>(() => LabConverter.RgbToLab(pixels, 4, l, a, b));
        Assert.Throws<ArgumentException>(() => LabConverter.LabToRgb(l, a, b, pixels, 4));
    }

    private static byte Level(int step) => (byte)Math.Min(255, step * 16);

    private static (byte[] Pixels, int Count) Grid17()
    {
        var pixels = new List<byte>();
        for (int r = 0; r <= 16; r++)
            for (int g = 0; g <= 16; g++)
                for (int b = 0; b <= 16; b++)
                    pixels.AddRange([Level(r), Level(g), Level(b)]);
        return (pixels.ToArray(), pixels.Count / 3);
    }
}
