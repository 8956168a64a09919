using DeepColor.Model;

namespace DeepColor.Tests.Model;

public sealed class DecodeOverridesTests
{
    private static readonly ColorizerConfig Trained = new()
    {
        AbBins = 261, Decode = "blend", AnnealTemperature = 0.38f, ChromaGain = 1.1f, Upsample = "nearest", FlipAverage = false,
        ChromaExponent = 0.5f, ChromaKnee = 20f, ChromaSpread = 0.3f, BinsShare = 0.3f,
    };

    [Fact]
    public void Should_keep_every_trained_choice_when_nothing_is_overridden()
    {
        Assert.Equal(Trained, DecodeOverrides.None.ApplyTo(Trained));
    }

    [Fact]
    public void Should_replace_only_the_choices_given()
    {
        var cfg = new DecodeOverrides(Temperature: 0.2f, Upsample: "bilinear", FlipAverage: true, ChromaKnee: 15f, ChromaSpread: 0.1f, BinsShare: 0.2f).ApplyTo(Trained);

        Assert.Equal(Trained with { AnnealTemperature = 0.2f, Upsample = "bilinear", FlipAverage = true, ChromaKnee = 15f, ChromaSpread = 0.1f, BinsShare = 0.2f }, cfg);
    }

    [Fact]
    public void Should_copy_every_decode_choice_of_a_config_onto_another()
    {
        var other = new ColorizerConfig { AbBins = 261 };

        Assert.Equal(Trained, DecodeOverrides.Of(Trained).ApplyTo(other));
    }

    [Theory]
    [InlineData(-0.1f, 20f, "ChromaExponent")]
    [InlineData(2.5f, 20f, "ChromaExponent")]
    [InlineData(0.5f, 0.5f, "ChromaKnee")]
    public void Should_reject_a_chroma_curve_out_of_range_naming_the_field(float exponent, float knee, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => (Trained with { ChromaExponent = exponent, ChromaKnee = knee }).Validate());

        Assert.Contains(field, e.Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(2.5f)]
    public void Should_reject_a_chroma_spread_out_of_range_naming_the_field(float spread)
    {
        var e = Assert.Throws<ArgumentException>(() => (Trained with { ChromaSpread = spread }).Validate());

        Assert.Contains("ChromaSpread", e.Message);
    }

    [Fact]
    public void Should_reject_an_unknown_upsample_mode_naming_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => (Trained with { Upsample = "cubic" }).Validate());

        Assert.Contains("'cubic'", e.Message);
        Assert.Contains("nearest, bilinear", e.Message);
    }
}
