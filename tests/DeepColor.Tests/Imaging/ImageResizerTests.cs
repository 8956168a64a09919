using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

public sealed class ImageResizerTests
{
    [Theory]
    [InlineData(ResizeFilter.Nearest)]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Mitchell)]
    [InlineData(ResizeFilter.CatmullRom)]
    public void Should_keep_a_flat_colour_flat_at_the_requested_size(ResizeFilter filter)
    {
        var source = TestFiles.Solid(40, 30, 12, 150, 240);

        var result = ImageResizer.Resize(source, 17, 23, filter);

        Assert.Equal((17, 23), (result.Width, result.Height));
        for (int y = 0; y < 23; y++)
            for (int x = 0; x < 17; x++)
                ImageDecoderTests.AssertPixel(result, x, y, (12, 150, 240), tolerance: 1);
    }

    [Fact]
    public void Should_copy_exact_values_when_enlarging_with_nearest()
    {
        var source = TestFiles.Noise(3, 2);

        var result = ImageResizer.Resize(source, 6, 4, ResizeFilter.Nearest);

        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 6; x++)
                Assert.Equal(source.Pixels.AsSpan(((y / 2) * 3 + x / 2) * 4, 4).ToArray(), result.Pixels.AsSpan((y * 6 + x) * 4, 4).ToArray());
    }

    [Theory]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Mitchell)]
    [InlineData(ResizeFilter.CatmullRom)]
    public void Should_average_a_one_pixel_checkerboard_to_grey_when_shrinking_eightfold(ResizeFilter filter)
    {
        // A single-pass filter with a fixed footprint samples this pattern into black, white or moiré.
        var source = new RgbaImage(256, 256);
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
            {
                byte v = (byte)((x + y) % 2 == 0 ? 255 : 0);
                int p = (y * 256 + x) * 4;
                source.Pixels[p] = source.Pixels[p + 1] = source.Pixels[p + 2] = v;
                source.Pixels[p + 3] = 255;
            }

        var result = ImageResizer.Resize(source, 32, 32, filter);

        for (int i = 0; i < result.Pixels.Length; i += 4)
            Assert.InRange(result.Pixels[i], 120, 135);
    }

    [Fact]
    public void Should_not_bleed_the_colour_of_fully_transparent_pixels()
    {
        // Left half opaque red, right half transparent but storing green.
        var source = new RgbaImage(8, 2, hasAlpha: true);
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 8; x++)
            {
                int p = (y * 8 + x) * 4;
                if (x < 4) { source.Pixels[p] = 255; source.Pixels[p + 3] = 255; }
                else { source.Pixels[p + 1] = 255; source.Pixels[p + 3] = 0; }
            }

        var result = ImageResizer.Resize(source, 4, 1, ResizeFilter.Bilinear);

        Assert.True(result.HasAlpha);
        for (int x = 0; x < 4; x++)
        {
            int p = x * 4;
            if (result.Pixels[p + 3] > 0)
                Assert.True(result.Pixels[p + 1] < 10, $"pixel {x} green {result.Pixels[p + 1]} alpha {result.Pixels[p + 3]}");
        }
    }

    [Fact]
    public void Should_return_an_independent_copy_at_the_same_size()
    {
        var source = TestFiles.Noise(5, 5);

        var result = ImageResizer.Resize(source, 5, 5);
        result.Pixels[0] ^= 0xFF;

        Assert.NotEqual(source.Pixels[0], result.Pixels[0]);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, -1)]
    public void Should_reject_a_non_positive_size(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResizer.Resize(TestFiles.Solid(4, 4, 0, 0, 0), width, height));
    }
}
