using DeepColor.Cli.Batch;
using DeepColor.Imaging;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

/// <summary>colorize and serve choose the output format by one rule; these pin it.</summary>
public sealed class OutputEncoderTests
{
    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Webp)]
    public void Should_keep_a_writable_input_format_and_recognise_it_from_its_bytes(ImageFormat format)
    {
        using var stream = new MemoryStream();
        ImageEncoder.Encode(SyntheticImages.Shapes(16, 12), stream, format);

        var sniffed = OutputEncoder.Sniff(stream.ToArray());

        Assert.Equal(format, sniffed);
        Assert.Equal(format, OutputEncoder.FormatFor(OutputFormatChoice.Same, sniffed));
    }

    [Fact]
    public void Should_give_png_for_inputs_it_cannot_write_and_obey_an_explicit_choice()
    {
        byte[] bmp = [(byte)'B', (byte)'M', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Null(OutputEncoder.Sniff(bmp));
        Assert.Equal(ImageFormat.Png, OutputEncoder.FormatFor(OutputFormatChoice.Same, null));
        Assert.Equal(ImageFormat.Jpeg, OutputEncoder.FormatFor(OutputFormatChoice.Jpg, ImageFormat.Webp));
        Assert.Equal(ImageFormat.Png, OutputEncoder.FormatFor(OutputFormatChoice.Png, ImageFormat.Jpeg));
    }
}
