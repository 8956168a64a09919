using DeepColor.Imaging;
using DeepColor.Inference;

namespace DeepColor.Tests.Inference;

public sealed class ColorizeOverridesTests
{
    [Fact]
    public void Should_run_one_call_at_its_own_render_size_and_saturation_and_leave_the_next_call_as_loaded()
    {
        var fake = new FakeAbPredictor();
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 32, Saturation = 2f });
        var png = ImageEncoder.Encode(TestImages.GrayRamp(64, 32), ImageFormat.Png);

        var changed = colorizer.Colorize(png, "ramp.png", new ColorizeOverrides { RenderSize = 16, Saturation = 0.5f });
        var plain = colorizer.Colorize(png, "ramp.png", null);

        Assert.Equal([(16, 8), (32, 16)], fake.Calls.Select(c => (c.Width, c.Height)));
        // The override replaces the loaded 2 rather than compounding with it: the network is asked for 0.5 / 2.
        Assert.Equal([0.25f, 1f], fake.Saturations);
        Assert.Equal((64, 32), (changed.Image.Width, changed.Image.Height));
        Assert.Equal((16, 8), (changed.RenderWidth, changed.RenderHeight));
        Assert.Equal((32, 16), (plain.RenderWidth, plain.RenderHeight));
    }

    [Theory]
    [InlineData(30, null, "multiple of 8")]
    [InlineData(null, 0f, "saturation")]
    [InlineData(null, 3.5f, "saturation")]
    public void Should_refuse_overrides_out_of_range_by_the_rules_of_the_options(int? renderSize, float? saturation, string expected)
    {
        using var colorizer = FakeAbPredictor.CreateColorizer();
        var png = ImageEncoder.Encode(TestImages.GrayRamp(16, 16), ImageFormat.Png);

        var e = Assert.Throws<ArgumentException>(() => colorizer.Colorize(png, "x.png", new ColorizeOverrides { RenderSize = renderSize, Saturation = saturation }));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Should_decode_encoded_bytes_under_the_callers_pixel_limit()
    {
        using var colorizer = FakeAbPredictor.CreateColorizer();
        var png = ImageEncoder.Encode(TestImages.GrayRamp(20, 10), ImageFormat.Png);

        var e = Assert.Throws<ImageLoadException>(() => colorizer.Colorize(png, "big.png", null, new ImageLoadOptions { MaxPixels = 100 }));

        Assert.Equal(ImageLoadFailure.TooLarge, e.Failure);
    }
}
