using DeepColor.Model;

namespace DeepColor.Tests.Model;

public sealed class DecodeOverridesTests
{
    private static readonly ColorizerConfig Trained = new()
    {
        AbBins = 261, Decode = "blend", AnnealTemperature = 0.38f, ChromaGain = 1.1f, Upsample = "nearest", FlipAverage = false,
    };

    [Fact]
    public void Should_keep_every_trained_choice_when_nothing_is_overridden()
    {
        Assert.Equal(Trained, DecodeOverrides.None.ApplyTo(Trained));
    }

    [Fact]
    public void Should_replace_only_the_choices_given()
    {
        var cfg = new DecodeOverrides(Temperature: 0.2f, Upsample: "bilinear", FlipAverage: true).ApplyTo(Trained);

        Assert.Equal(Trained with { AnnealTemperature = 0.2f, Upsample = "bilinear", FlipAverage = true }, cfg);
    }

    [Fact]
    public void Should_reject_an_unknown_upsample_mode_naming_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => (Trained with { Upsample = "cubic" }).Validate());

        Assert.Contains("'cubic'", e.Message);
        Assert.Contains("nearest, bilinear", e.Message);
    }
}
