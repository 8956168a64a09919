using DeepColor.Color;
using DeepColor.Inference;

namespace DeepColor.Tests.Inference;

public sealed class FastLabTests
{
    [Fact]
    public void Should_match_the_reference_Lab_to_sRGB_conversion_within_one_code_value()
    {
        // Given many Lab colours across and beyond the sRGB gamut
        var rng = new Random(7);
        int n = 200_000;
        var l = new float[n];
        var a = new float[n];
        var b = new float[n];
        for (int i = 0; i < n; i++)
        {
            l[i] = (float)(rng.NextDouble() * 100);
            a[i] = (float)(rng.NextDouble() * 200 - 100);
            b[i] = (float)(rng.NextDouble() * 200 - 100);
        }
        var fast = new byte[n * 4];
        var reference = new byte[n * 4];

        // When both conversions run
        FastLab.ToRgb(l, a, b, fast);
        LabConverter.LabToRgb(l, a, b, reference, 4);

        // Then they agree to one code value, and almost always exactly
        int mismatches = 0;
        for (int i = 0; i < n * 4; i++)
        {
            if (i % 4 == 3) continue;
            int d = Math.Abs(fast[i] - reference[i]);
            Assert.True(d <= 1, $"byte {i}: fast {fast[i]} vs reference {reference[i]}");
            if (d != 0) mismatches++;
        }
        Assert.True(mismatches < n * 3 / 1000, $"{mismatches} mismatches");
    }

    [Fact]
    public void Should_compute_the_same_lightness_as_the_reference()
    {
        var rng = new Random(3);
        var px = new byte[4 * 50_000];
        rng.NextBytes(px);
        for (int i = 0; i < 1000; i++) px[i * 4 + 1] = px[i * 4 + 2] = px[i * 4];
        int n = px.Length / 4;
        var fast = new float[n];
        var l = new float[n];
        var a = new float[n];
        var b = new float[n];

        FastLab.Lightness(px, fast);
        LabConverter.RgbToLab(px, 4, l, a, b);

        for (int i = 0; i < n; i++) Assert.True(Math.Abs(l[i] - fast[i]) < 1e-3, $"pixel {i}: {fast[i]} vs reference {l[i]}");
    }

    [Theory]
    [InlineData(-0.5f, 0)]
    [InlineData(0f, 0)]
    [InlineData(1f, 255)]
    [InlineData(3f, 255)]
    [InlineData(float.NaN, 0)]
    public void Should_clip_out_of_range_linear_values(float linear, byte expected)
    {
        Assert.Equal(expected, FastLab.Encode(linear));
    }
}
