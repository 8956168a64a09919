using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class SsimTests
{
    [Fact]
    public void Should_be_one_for_identical_images()
    {
        Assert.Equal(1.0, Ssim.Compute(TestImages.Colourful(24, 20), TestImages.Colourful(24, 20)), 12);
    }

    [Fact]
    public void Should_reduce_to_the_luminance_term_for_two_flat_images()
    {
        // Given flat images, every variance and covariance is 0, so SSIM = (2·μx·μy + C1) / (μx² + μy² + C1)
        // with C1 = (0.01·255)² = 6.5025: (22000 + 6.5025) / (22100 + 6.5025) = 0.9954764…
        var x = TestImages.Solid(16, 16, 100, 100, 100);
        var y = TestImages.Solid(16, 16, 110, 110, 110);

        double ssim = Ssim.Compute(x, y);

        Assert.Equal(0.995476444091507, ssim, 12);
    }

    [Fact]
    public void Should_match_a_direct_two_dimensional_reference_on_a_textured_pair()
    {
        // The expected value comes from a separate, deliberately naive implementation of scikit-image's
        // Gaussian SSIM (full 11×11 2-D window, scipy "reflect" borders, 5-pixel crop), run in Python.
        var truth = TestImages.FromFunction(16, 12, Truth);
        var prediction = TestImages.FromFunction(16, 12, (x, y, c) => Truth(x, y, c) + (x * 7 + y * 3 + c * 5) % 11 * 4 - 20);

        double ssim = Ssim.Compute(prediction, truth);

        Assert.Equal(0.978982759288803, ssim, 10);

        static int Truth(int x, int y, int c) => (x * 13 + y * 29 + c * 71 + x * y % 17) % 256;
    }

    [Fact]
    public void Should_be_symmetric_and_drop_when_noise_is_added()
    {
        var truth = TestImages.Colourful(20, 20);
        var noisy = TestImages.FromFunction(20, 20, (x, y, c) => truth.Pixels[(y * 20 + x) * 4 + c] + ((x * 31 + y * 17 + c) % 7 - 3) * 12);

        double forward = Ssim.Compute(noisy, truth);
        double backward = Ssim.Compute(truth, noisy);

        Assert.Equal(forward, backward, 12);
        Assert.InRange(forward, 0.0, 0.99);
    }

    [Fact]
    public void Should_score_images_smaller_than_the_window_over_the_whole_map()
    {
        var x = TestImages.Solid(3, 2, 50, 50, 50);

        Assert.Equal(1.0, Ssim.Compute(x, TestImages.Solid(3, 2, 50, 50, 50)), 12);
    }

    [Theory]
    [InlineData(-1, 5, 0)]
    [InlineData(-5, 5, 4)]
    [InlineData(-6, 5, 4)]
    [InlineData(5, 5, 4)]
    [InlineData(9, 5, 0)]
    [InlineData(10, 5, 0)]
    [InlineData(-3, 2, 1)]
    public void Should_mirror_indices_like_scipy_reflect(int index, int length, int expected)
    {
        Assert.Equal(expected, Ssim.Reflect(index, length));
    }
}
