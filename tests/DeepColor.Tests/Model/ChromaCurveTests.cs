using DeepColor.Model.Networks;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

public sealed class ChromaCurveTests
{
    // Normalised a*b* of one 1×3 image: chroma 10 (under the knee), 40 and 80 a*b* units, each at a different hue.
    private static Tensor ThreePixels() => tensor(new float[] { 6, 24, 0, 8, -32, 80 }, [1, 2, 1, 3]) / 128f;

    [Fact]
    public void Should_leave_ab_as_it_is_when_the_exponent_is_0()
    {
        using var ab = ThreePixels();
        using var same = ChromaCurve.Expand(ab, kneeChroma: 20, exponent: 0);
        Assert.True(same.equal(ab).all().item<bool>());
    }

    [Fact]
    public void Should_leave_colours_under_the_knee_alone_and_stretch_stronger_ones_by_the_power_of_their_ratio()
    {
        using var ab = ThreePixels();
        using var curved = ChromaCurve.Expand(ab, kneeChroma: 20, exponent: 0.5f);
        var v = (curved * 128f).data<float>().ToArray(); // [a0 a1 a2 b0 b1 b2]

        // Chroma 10 < 20: unchanged. Chroma 40: × √2. Chroma 80: × 2 = 160, past the range, so clamped at 128 per channel.
        Assert.Equal(6f, v[0], 3);
        Assert.Equal(8f, v[3], 3);
        Assert.Equal(24f * MathF.Sqrt(2), v[1], 3);
        Assert.Equal(-32f * MathF.Sqrt(2), v[4], 3);
        Assert.Equal(0f, v[2], 3);
        Assert.Equal(128f, v[5], 3);
    }

    [Fact]
    public void Should_keep_each_pixels_hue_when_it_stays_in_range()
    {
        using var ab = tensor(new float[] { 30, -20, 40, 25 }, [1, 2, 1, 2]) / 128f;
        using var curved = ChromaCurve.Expand(ab, kneeChroma: 10, exponent: 0.3f);
        var a = ab.data<float>().ToArray();
        var c = curved.data<float>().ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(MathF.Atan2(a[2 + i], a[i]), MathF.Atan2(c[2 + i], c[i]), 4);
            Assert.True(MathF.Abs(c[i]) > MathF.Abs(a[i]));
        }
    }
}
