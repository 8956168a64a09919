using DeepColor.Imaging;
using DeepColor.Model.Networks;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

public sealed class ChromaSpreadTests
{
    private const float Scale = LabNormalization.AbScale;

    // One image, one row: pixel i has chroma chromas[i] (a*b* units) at hue angle 40°·i.
    private static Tensor Row(params float[] chromas)
    {
        int n = chromas.Length;
        var data = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            double angle = 40.0 * i * Math.PI / 180;
            data[i] = (float)(chromas[i] * Math.Cos(angle)) / Scale;
            data[n + i] = (float)(chromas[i] * Math.Sin(angle)) / Scale;
        }
        return tensor(data, [1, 2, 1, n]);
    }

    private static float[] Chromas(Tensor abNorm) => (abNorm * Scale).pow(2).sum(1).sqrt().flatten().data<float>().ToArray();

    // The chromas of a row spread with strength k.
    private static float[] Spread(float k, params float[] chromas)
    {
        using var ab = Row(chromas);
        using var spread = ChromaSpread.Apply(ab, k);
        return Chromas(spread);
    }

    private static float[] Hues(Tensor abNorm)
    {
        var v = abNorm.flatten().data<float>().ToArray();
        int n = v.Length / 2;
        return [.. Enumerable.Range(0, n).Select(i => MathF.Atan2(v[n + i], v[i]))];
    }

    [Fact]
    public void Should_leave_ab_as_it_is_at_strength_0()
    {
        using var ab = Row(10, 20, 30, 40);
        using var same = ChromaSpread.Apply(ab, 0f);
        Assert.True(same.equal(ab).all().item<bool>());
    }

    [Fact]
    public void Should_move_each_chroma_by_k_times_its_gap_to_the_mean_plus_three_tenths_of_the_spread()
    {
        // Chromas 10, 20, 30, 40: mean 25, population std √125 = 11.180. With k = 0.5 each moves by
        // 0.5·(C − 25 + 3.354): 20 → 19.177, 30 → 34.177, 40 → 49.177. 10 would fall to 4.177, under the
        // visible C* 5, so it stops at 5.
        var c = Spread(0.5f, 10, 20, 30, 40);

        Assert.Equal(5f, c[0], 3);
        Assert.Equal(19.177f, c[1], 3);
        Assert.Equal(34.177f, c[2], 3);
        Assert.Equal(49.177f, c[3], 3);
    }

    [Fact]
    public void Should_keep_every_hue()
    {
        using var ab = Row(10, 20, 30, 40, 50);
        using var spread = ChromaSpread.Apply(ab, 0.4f);

        var before = Hues(ab);
        var after = Hues(spread);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 4);
    }

    [Fact]
    public void Should_widen_the_spread_of_chroma_by_1_plus_k_and_lift_the_mean_by_k_times_three_tenths_of_it()
    {
        // No pixel comes near the floor or the range's edge, so the move is exactly affine in chroma.
        float[] before = [30, 35, 45, 50, 60];
        var after = Spread(0.2f, before);

        double Mean(float[] x) => x.Average();
        double Std(float[] x) { double m = Mean(x); return Math.Sqrt(x.Average(v => (v - m) * (v - m))); }
        Assert.Equal(1.2 * Std(before), Std(after), 3);
        Assert.Equal(Mean(before) + 0.2 * 0.3 * Std(before), Mean(after), 3);
    }

    [Fact]
    public void Should_never_grey_a_visible_colour_below_c5_nor_a_fainter_one_further()
    {
        // Mean 41.5: the faint pixels are pushed down hard, but 8 stops at 5 and 3 stays 3.
        var c = Spread(1f, 3, 8, 70, 85);

        Assert.Equal(3f, c[0], 3);
        Assert.Equal(5f, c[1], 3);
        Assert.True(c[2] > 70f && c[3] > 85f);
    }

    [Fact]
    public void Should_take_each_images_statistics_from_that_image_alone()
    {
        using var first = Row(10, 20, 30, 40);
        using var second = Row(60, 60, 70, 90);
        using var batch = cat([first, second], 0);

        using var alone = ChromaSpread.Apply(first, 0.3f);
        using var together = ChromaSpread.Apply(batch, 0.3f);

        Assert.True(together.narrow(0, 0, 1).allclose(alone, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_leave_a_gray_image_gray()
    {
        using var gray = zeros(1, 2, 4, 4);
        using var spread = ChromaSpread.Apply(gray, 0.5f);

        Assert.True(spread.equal(gray).all().item<bool>());
    }
}
