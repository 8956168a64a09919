using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class ColorfulnessTests
{
    [Fact]
    public void Should_be_zero_for_a_gray_image()
    {
        var gray = TestImages.FromFunction(8, 8, (x, y, _) => x * 30 + y);

        Assert.Equal(0.0, Colorfulness.Compute(gray), 12);
    }

    [Fact]
    public void Should_match_the_hand_computed_value_for_one_red_and_one_black_pixel()
    {
        // rg = {255, 0}, yb = {127.5, 0}: σrg = μrg = 127.5, σyb = μyb = 63.75,
        // M = (1 + 0.3)·sqrt(127.5² + 63.75²) = 185.3141…
        var image = TestImages.Solid(2, 1, 0, 0, 0);
        image.Pixels[0] = 255;

        Assert.Equal(185.3141336353, Colorfulness.Compute(image), 9);
    }

    [Fact]
    public void Should_keep_only_the_mean_term_for_a_flat_colour()
    {
        // Flat red: σ = 0, so M = 0.3·sqrt(255² + 127.5²) = 85.5296…
        Assert.Equal(85.5296001394, Colorfulness.Compute(TestImages.Solid(4, 4, 255, 0, 0)), 9);
    }

    [Fact]
    public void Should_take_the_absolute_difference_of_mean_colourfulness_for_delta_cf()
    {
        Assert.Equal(5.0, Colorfulness.Delta([10, 20], [30, 10]), 12);
        Assert.Throws<ArgumentException>(() => Colorfulness.Delta([], [1]));
    }
}
