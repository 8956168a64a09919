using DeepColor.Model.Networks;
using DeepColor.Training;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

public sealed class ColorLossTests
{
    [Fact]
    public void Should_not_penalise_a_wrong_hue_of_the_right_strength()
    {
        // Chroma 0.5 everywhere in both images, at hues 90° apart.
        using var truth = cat([full(1, 1, 4, 4, 0.3f), full(1, 1, 4, 4, 0.4f)], 1);
        using var rotated = cat([full(1, 1, 4, 4, -0.4f), full(1, 1, 4, 4, 0.3f)], 1);

        using var mismatch = ColorLoss.ChromaMismatch(rotated, truth);

        Assert.Equal(0f, mismatch.item<float>(), 5);
    }

    [Fact]
    public void Should_give_the_squared_gap_between_rms_chromas_averaged_over_images()
    {
        // Image 0: grey against chroma 0.5, gap 0.5. Image 1: chroma 0.1 against 0.1 on half its pixels
        // (RMS 0.1/√2 ≈ 0.0707) and 0.3 everywhere: gap 0.2293.
        using var truth = cat([cat([full(1, 1, 2, 2, 0.3f), full(1, 1, 2, 2, 0.4f)], 1), cat([full(1, 1, 2, 2, 0.3f), zeros(1, 1, 2, 2)], 1)], 0);
        using var half = tensor(new float[] { 0.1f, 0.1f, 0, 0 }, [1, 1, 2, 2]);
        using var predicted = cat([zeros(1, 2, 2, 2), cat([half, zeros(1, 1, 2, 2)], 1)], 0);

        using var mismatch = ColorLoss.ChromaMismatch(predicted, truth);

        double gap0 = 0.5, gap1 = 0.3 - 0.1 / Math.Sqrt(2);
        Assert.Equal((gap0 * gap0 + gap1 * gap1) / 2, mismatch.item<float>(), 3);
    }

    [Fact]
    public void Should_add_the_weighted_mismatch_to_the_total_and_report_it_as_a_part()
    {
        using var truth = cat([full(2, 1, 8, 8, 0.3f), full(2, 1, 8, 8, -0.2f)], 1);
        using var ab = full(2, 2, 8, 8, 0.05f);
        var output = new ColorizationOutput(ab, ab.narrow(2, 0, 4).narrow(3, 0, 4), null, null);
        using var labels = full(2, -1, dtype: int64);
        using var plain = new ColorLoss("mse", 0, 0, null);
        using var matched = new ColorLoss("mse", 0, 0, null, chromaMatchWeight: 2);

        var (_, p) = plain.Compute(output, truth, labels);
        var (_, m) = matched.Compute(output, truth, labels);

        Assert.Equal(0, p.Chroma);
        Assert.True(m.Chroma > 0.05, $"mismatch {m.Chroma}");
        Assert.Equal(p.Total + 2 * m.Chroma, m.Total, 5);
        Assert.Equal(p.Mse, m.Mse, 6);
    }
}
