using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class AbErrorTests
{
    [Fact]
    public void Should_average_absolute_a_and_b_errors_over_both_channels()
    {
        // |1| + |−2| + |3| + |4| over 2 pixels × 2 channels = 10 / 4 = 2.5; L* differences do not count.
        var prediction = TestImages.Lab(2, 1, (50, 1, 3), (90, -2, 4));
        var truth = TestImages.Lab(2, 1, (10, 0, 0), (20, 0, 0));

        Assert.Equal(2.5, AbError.MeanAbsolute(prediction, truth), 6);
    }

    [Fact]
    public void Should_be_zero_for_identical_chroma()
    {
        var a = TestImages.Lab(1, 1, (40, 12.5f, -7));

        Assert.Equal(0.0, AbError.MeanAbsolute(a, TestImages.Lab(1, 1, (70, 12.5f, -7))));
    }
}
