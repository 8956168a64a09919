using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class PsnrTests
{
    [Fact]
    public void Should_return_the_cap_for_identical_images()
    {
        var image = TestImages.Colourful(9, 7);

        double psnr = Psnr.Compute(image, TestImages.Colourful(9, 7));

        Assert.Equal(Psnr.MaxDecibels, psnr);
    }

    [Fact]
    public void Should_match_the_hand_computed_value_for_one_channel_off_by_ten()
    {
        // Given a 2×1 black truth and a prediction whose first pixel has R = 10:
        // MSE = 10² / (3 channels × 2 pixels) = 16.67, PSNR = 10·log10(255² / 16.67) = 35.9123 dB.
        var truth = TestImages.Solid(2, 1, 0, 0, 0);
        var prediction = TestImages.Solid(2, 1, 0, 0, 0);
        prediction.Pixels[0] = 10;

        double psnr = Psnr.Compute(prediction, truth);

        Assert.Equal(100.0 / 6.0, Psnr.MeanSquaredError(prediction, truth), 12);
        Assert.Equal(35.91231611, psnr, 8);
    }

    [Fact]
    public void Should_ignore_alpha()
    {
        var truth = TestImages.Solid(3, 3, 10, 20, 30);
        var prediction = TestImages.Solid(3, 3, 10, 20, 30);
        prediction.Pixels[3] = 0;

        Assert.Equal(Psnr.MaxDecibels, Psnr.Compute(prediction, truth));
    }

    [Fact]
    public void Should_reject_images_of_different_sizes()
    {
        Assert.Throws<ArgumentException>(() => Psnr.Compute(TestImages.Solid(2, 2, 0, 0, 0), TestImages.Solid(2, 3, 0, 0, 0)));
    }
}
