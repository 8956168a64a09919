using DeepColor.Imaging;
using SkiaSharp;

namespace DeepColor.Tests.Imaging;

public sealed class RgbaImageSkiaTests
{
    [Fact]
    public void Should_round_trip_pixels_and_alpha_through_an_SKBitmap()
    {
        var source = TestFiles.Noise(7, 3);
        source.Pixels[3] = 10;
        source = new RgbaImage(7, 3, source.Pixels, hasAlpha: true);

        using var bitmap = source.ToSKBitmap();
        var back = RgbaImageSkia.FromSKBitmap(bitmap);

        Assert.Equal((SKColorType.Rgba8888, SKAlphaType.Unpremul), (bitmap.ColorType, bitmap.AlphaType));
        Assert.Equal(source.Pixels, back.Pixels);
        Assert.True(back.HasAlpha);
    }

    [Fact]
    public void Should_mark_a_bitmap_made_from_an_opaque_image_as_opaque()
    {
        using var bitmap = TestFiles.Solid(2, 2, 5, 6, 7).ToSKBitmap();

        Assert.Equal(SKAlphaType.Opaque, bitmap.AlphaType);
        Assert.Equal(new SKColor(5, 6, 7), bitmap.GetPixel(1, 1));
    }

    [Fact]
    public void Should_convert_a_premultiplied_BGRA_bitmap_to_unpremultiplied_RGBA()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Bgra8888, SKAlphaType.Premul));
        bitmap.SetPixel(0, 0, new SKColor(200, 100, 50, 255));
        bitmap.SetPixel(1, 0, new SKColor(0, 0, 255, 128));

        var image = RgbaImageSkia.FromSKBitmap(bitmap);

        Assert.Equal(new byte[] { 200, 100, 50, 255 }, image.Pixels[..4]);
        Assert.Equal(128, image.Pixels[7]);
        Assert.InRange(image.Pixels[6], 250, 255);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Should_expand_a_grey_bitmap_and_report_no_alpha()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.SetPixel(0, 0, new SKColor(90, 90, 90));

        var image = RgbaImageSkia.FromSKBitmap(bitmap);

        Assert.Equal(new byte[] { 90, 90, 90, 255 }, image.Pixels);
        Assert.False(image.HasAlpha);
    }
}
