using DeepColor.Imaging;
using SkiaSharp;

namespace DeepColor.Tests.Imaging;

public sealed class OrientationTests
{
    // Stored 3×2 picture, one letter per pixel:  a b c
    //                                            d e f
    // Expected display grids follow the EXIF definition: the tag names where stored row 0 and column 0 end up.
    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft, 3, "abc/def")]
    [InlineData(SKEncodedOrigin.TopRight, 3, "cba/fed")]      // mirrored left-right
    [InlineData(SKEncodedOrigin.BottomRight, 3, "fed/cba")]   // turned 180°
    [InlineData(SKEncodedOrigin.BottomLeft, 3, "def/abc")]    // mirrored top-bottom
    [InlineData(SKEncodedOrigin.LeftTop, 2, "ad/be/cf")]      // transposed
    [InlineData(SKEncodedOrigin.RightTop, 2, "da/eb/fc")]     // turned 90° clockwise
    [InlineData(SKEncodedOrigin.RightBottom, 2, "fc/eb/da")]  // transverse
    [InlineData(SKEncodedOrigin.LeftBottom, 2, "cf/be/ad")]   // turned 90° anticlockwise
    public void Should_put_every_pixel_where_the_EXIF_orientation_shows_it(SKEncodedOrigin origin, int expectedWidth, string expected)
    {
        var pixels = "abcdef".SelectMany(ch => new[] { (byte)ch, (byte)0, (byte)0, (byte)255 }).ToArray();

        var (result, width, height) = Orientation.Apply(pixels, 3, 2, origin);

        string rows = string.Join("/", Enumerable.Range(0, height).Select(y =>
            new string(Enumerable.Range(0, width).Select(x => (char)result[(y * width + x) * 4]).ToArray())));
        Assert.Equal(expectedWidth, width);
        Assert.Equal(expected, rows);
        Assert.Equal(Orientation.SwapsAxes(origin), width != 3);
    }

    [Fact]
    public void Should_move_whole_pixels_including_alpha()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8];

        var (result, width, height) = Orientation.Apply(pixels, 2, 1, SKEncodedOrigin.RightTop);

        Assert.Equal((1, 2), (width, height));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, result);
    }

    [Fact]
    public void Should_reject_a_buffer_that_does_not_match_the_size()
    {
        Assert.Throws<ArgumentException>(() => Orientation.Apply(new byte[12], 2, 2, SKEncodedOrigin.BottomRight));
    }
}
