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

        using var l = zeros(2, 1, 8, 8);
        var (_, p) = plain.Compute(output, l, truth, labels);
        var (_, m) = matched.Compute(output, l, truth, labels);

        Assert.Equal(0, p.Chroma);
        Assert.True(m.Chroma > 0.05, $"mismatch {m.Chroma}");
        Assert.Equal(p.Total + 2 * m.Chroma, m.Total, 5);
        Assert.Equal(p.Mse, m.Mse, 6);
    }

    [Fact]
    public void Should_equal_the_plain_squared_error_when_every_bin_weighs_1()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var truth = rand(2, 2, 16, 16).sub(0.5f);
        var predicted = rand(2, 2, 16, 16).sub(0.5f);
        var output = new ColorizationOutput(predicted, predicted, null, null);
        var labels = full(2, -1, dtype: int64);
        using var plain = new ColorLoss("mse", 0, 0, null);
        using var even = new ColorLoss("mse", 0, 0, null, regressionRebalance: ones(AbBins.Count));

        var l = zeros(2, 1, 16, 16);
        var (_, p) = plain.Compute(output, l, truth, labels);
        var (_, e) = even.Compute(output, l, truth, labels);

        Assert.Equal(p.Mse, e.Mse, 6);
    }

    [Fact]
    public void Should_weigh_each_cells_error_by_the_bin_of_its_truth_colour()
    {
        using var scope = NewDisposeScope();
        // Left half of the truth is neutral, right half a saturated green; the prediction misses both by 0.1.
        var truth = zeros(1, 2, 8, 8);
        truth[.., 0, .., 4..] = full(1, 8, 4, -0.4f);
        var predicted = truth + 0.1f;
        var output = new ColorizationOutput(predicted, predicted, null, null);
        var labels = full(1, -1, dtype: int64);
        var centres = AbBins.CentresTensor();
        long neutral = AbBins.Nearest(zeros(1, 2, 1, 1), centres).flatten()[0].item<long>();
        long green = AbBins.Nearest(truth[.., .., ..1, 4..5], centres).flatten()[0].item<long>();
        var weights = ones(AbBins.Count);
        weights[neutral] = tensor(0.5f);
        weights[green] = tensor(3f);
        using var loss = new ColorLoss("mse", 0, 0, null, regressionRebalance: weights.clone());

        var (_, parts) = loss.Compute(output, zeros(1, 1, 8, 8), truth, labels);

        // Every pixel's squared error is 0.01; half the cells weigh 0.5 and half 3.
        Assert.Equal(0.01 * (0.5 + 3) / 2, parts.Mse, 5);
    }

    [Fact]
    public void Should_refuse_a_weighted_squared_error_without_one()
    {
        Assert.Throws<ArgumentException>(() => new ColorLoss("bins", 1, 0, null, regressionRebalance: ones(AbBins.Count)));
    }

    [Fact]
    public void Should_give_the_kl_divergence_from_the_teacher_averaged_over_images()
    {
        // Image 0: student softmax (1/3, 2/3) against teacher (1/2, 1/2). Image 1: the student matches.
        using var logits = tensor(new float[] { 0, MathF.Log(2), MathF.Log(0.2f), MathF.Log(0.8f) }, [2, 2]);
        using var teacher = tensor(new float[] { 0.5f, 0.5f, 0.2f, 0.8f }, [2, 2]);

        using var kl = ColorLoss.Distillation(logits, teacher);

        double image0 = 0.5 * Math.Log(0.5 / (1.0 / 3)) + 0.5 * Math.Log(0.5 / (2.0 / 3));
        Assert.Equal(image0 / 2, kl.item<float>(), 5);
    }

    [Fact]
    public void Should_ignore_classes_the_teacher_rules_out()
    {
        using var logits = tensor(new float[] { 0, 0, 0 }, [1, 3]);
        using var teacher = tensor(new float[] { 0.5f, 0.5f, 0 }, [1, 3]);

        using var kl = ColorLoss.Distillation(logits, teacher);

        Assert.Equal(Math.Log(0.5 / (1.0 / 3)), kl.item<float>(), 5);
    }

    [Fact]
    public void Should_take_the_teachers_probabilities_as_the_class_target_when_given()
    {
        using var truth = full(2, 2, 8, 8, 0.1f);
        using var ab = full(2, 2, 8, 8, 0.05f);
        using var classLogits = tensor(new float[] { 1, 0, 0, 0, 2, 0 }, [2, 3]);
        var output = new ColorizationOutput(ab, ab.narrow(2, 0, 4).narrow(3, 0, 4), null, classLogits);
        using var unlabelled = full(2, -1, dtype: int64);
        using var teacher = tensor(new float[] { 0.2f, 0.3f, 0.5f, 0.6f, 0.2f, 0.2f }, [2, 3]);
        using var loss = new ColorLoss("mse", 0, classWeight: 0.5, null);

        using var l = zeros(2, 1, 8, 8);
        var (_, withoutTeacher) = loss.Compute(output, l, truth, unlabelled);
        var (_, withTeacher) = loss.Compute(output, l, truth, unlabelled, teacher);

        using var expected = ColorLoss.Distillation(classLogits, teacher);
        Assert.Equal(0, withoutTeacher.Class);
        Assert.Equal(expected.item<float>(), withTeacher.Class, 5);
        Assert.Equal(withTeacher.Mse + 0.5 * withTeacher.Class, withTeacher.Total, 5);
    }

    [Fact]
    public void Should_refuse_a_teacher_of_another_width_than_the_class_head()
    {
        using var logits = zeros(1, 200);
        using var teacher = full(1, 1000, 0.001f);

        var e = Assert.Throws<ArgumentException>(() => ColorLoss.Distillation(logits, teacher));

        Assert.Contains("200", e.Message);
        Assert.Contains("1000", e.Message);
    }
}
