using DeepColor.Inference;
using DeepColor.Model;

namespace DeepColor.Tests.Inference;

public sealed class NetworkColorizerTests
{
    [Fact]
    public void Should_colorize_with_a_real_untrained_network_keeping_size_and_alpha()
    {
        // Given a small random network and a non-square image with alpha
        var config = new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 };
        using var colorizer = Colorizer.CreateUntrained(config, new ColorizerOptions { RenderSize = 32 });
        var input = TestImages.GrayRamp(70, 30, withAlpha: true);

        // When it is colorized
        var result = colorizer.Colorize(input);

        // Then the output has the input's geometry and alpha, the render kept the aspect, and FLOPs are known
        Assert.Equal((70, 30), (result.Image.Width, result.Image.Height));
        for (int i = 3; i < input.Pixels.Length; i += 4) Assert.Equal(input.Pixels[i], result.Image.Pixels[i]);
        Assert.Equal((32, 16), (result.RenderWidth, result.RenderHeight));
        Assert.True(colorizer.EstimateFlops(70, 30) > 0);
        Assert.Contains("global", colorizer.ModelDescription);
    }

    [Fact]
    public void Should_refuse_an_untrained_model_that_needs_an_external_extractor()
    {
        var config = new ColorizerConfig { Extractor = "mobilenetv2", EmbeddingDim = 1000, WidthMultiplier = 0.25 };
        Assert.Throws<ArgumentException>(() => Colorizer.CreateUntrained(config));
    }
}
