using DeepColor.Color;

namespace DeepColor.Tests.Color;

public sealed class SrgbTests
{
    [Theory]
    [InlineData(0f, 0f, 0f, "#000000")]
    [InlineData(1f, 1f, 1f, "#ffffff")]
    [InlineData(1.2f, 0.5f, -0.1f, "#ff8000")]
    public void Should_write_hex_with_out_of_gamut_channels_clipped(float r, float g, float b, string hex)
    {
        Assert.Equal(hex, new Srgb(r, g, b).ToHex());
    }
}
