using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class HueAccuracyTests
{
    [Fact]
    public void Should_count_right_hue_hits_among_coloured_truth_pixels_only()
    {
        // Given five truth pixels, four coloured (C* ≥ 10) and one near-neutral (C* = 4):
        var truth = TestImages.Lab(5, 1,
            TestImages.Polar(20, 0),     // hit: predicted 25° away
            TestImages.Polar(20, 90),    // miss: predicted 40° away
            TestImages.Polar(20, 350),   // hit across 0°: predicted 10°, 20° away
            TestImages.Polar(30, 180),   // miss: right hue, but predicted C* = 4 is too pale to count
            TestImages.Polar(4, 45));    // not coloured: ignored whatever is predicted
        var prediction = TestImages.Lab(5, 1,
            TestImages.Polar(12, 25),
            TestImages.Polar(40, 130),
            TestImages.Polar(8, 10),
            TestImages.Polar(4, 180),
            TestImages.Polar(50, 270));

        var result = HueAccuracy.Compute(prediction, truth);

        Assert.Equal(new HueAccuracyResult(2, 4), result);
        Assert.Equal(0.5, result.Accuracy);
    }

    [Fact]
    public void Should_score_a_gray_prediction_zero()
    {
        var truth = TestImages.Lab(2, 1, TestImages.Polar(40, 30), TestImages.Polar(60, 200));
        var gray = TestImages.Lab(2, 1, (50, 0, 0), (50, 0, 0));

        var result = HueAccuracy.Compute(gray, truth);

        Assert.Equal(0.0, result.Accuracy);
        Assert.Equal(2, result.ColouredPixels);
    }

    [Fact]
    public void Should_have_no_accuracy_when_the_truth_has_no_coloured_pixel()
    {
        var truth = TestImages.Lab(1, 1, (50, 3, 3));

        Assert.Null(HueAccuracy.Compute(truth, truth).Accuracy);
    }

    [Fact]
    public void Should_pool_counts_so_every_coloured_pixel_weighs_the_same()
    {
        var pooled = new HueAccuracyResult(1, 1) + new HueAccuracyResult(0, 3);

        Assert.Equal(0.25, pooled.Accuracy);
    }
}
