using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

public sealed class GrayscaleDetectorTests
{
    [Fact]
    public void Should_accept_an_image_whose_pixels_all_have_equal_channels()
    {
        var image = Grey(37, 11);

        Assert.True(GrayscaleDetector.IsGrayscale(image));
    }

    [Theory]
    [InlineData(0, 0)]   // first pixel, R off
    [InlineData(0, 1)]   // G off
    [InlineData(0, 2)]   // B off
    [InlineData(200, 1)] // inside the vector loop
    [InlineData(406, 2)] // last pixel, in the scalar tail after the vector loop
    public void Should_reject_a_single_coloured_pixel_anywhere(int pixel, int channel)
    {
        var image = Grey(37, 11);
        image.Pixels[pixel * 4 + channel] = (byte)(image.Pixels[pixel * 4 + channel] + 3);

        Assert.False(GrayscaleDetector.IsGrayscale(image, tolerance: 2));
        Assert.True(GrayscaleDetector.IsGrayscale(image, tolerance: 3));
    }

    [Fact]
    public void Should_detect_a_difference_between_red_and_blue_only()
    {
        // |R−G| and |G−B| are within the tolerance but |R−B| is not.
        var image = Grey(16, 1);
        image.Pixels[20] = 100; image.Pixels[21] = 104; image.Pixels[22] = 108;

        Assert.True(GrayscaleDetector.IsGrayscale(image, tolerance: 8));
        Assert.False(GrayscaleDetector.IsGrayscale(image, tolerance: 4));
    }

    [Fact]
    public void Should_allow_chroma_noise_up_to_the_tolerance()
    {
        var image = Grey(64, 64);
        var rng = new Random(1);
        for (int i = 0; i < image.Pixels.Length; i += 4) image.Pixels[i + rng.Next(3)] += (byte)rng.Next(0, 5);

        Assert.True(GrayscaleDetector.IsGrayscale(image, tolerance: 4));
        Assert.False(GrayscaleDetector.IsGrayscale(image, tolerance: 1));
    }

    [Fact]
    public void Should_ignore_alpha()
    {
        var image = Grey(9, 9);
        for (int i = 3; i < image.Pixels.Length; i += 4) image.Pixels[i] = (byte)i;

        Assert.True(GrayscaleDetector.IsGrayscale(image));
    }

    [Fact]
    public void Should_reject_a_decoded_colour_JPEG_and_accept_a_decoded_grey_one()
    {
        var colour = ImageDecoder.Decode(ImageEncoder.Encode(TestFiles.Noise(32, 32), ImageFormat.Jpeg), "c.jpg");
        var grey = ImageDecoder.Decode(ImageEncoder.Encode(Grey(32, 32), ImageFormat.Jpeg), "g.jpg");

        Assert.False(GrayscaleDetector.IsGrayscale(colour, tolerance: 8));
        Assert.True(GrayscaleDetector.IsGrayscale(grey, tolerance: 2));
    }

    private static RgbaImage Grey(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int i = 0; i < width * height; i++)
        {
            byte v = (byte)(i * 7 % 250);
            image.Pixels[i * 4] = image.Pixels[i * 4 + 1] = image.Pixels[i * 4 + 2] = v;
            image.Pixels[i * 4 + 3] = 255;
        }
        return image;
    }
}
