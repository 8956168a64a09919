using DeepColor.Imaging;
using DeepColor.Tests.Evaluation;

namespace DeepColor.Tests.Imaging;

public sealed class RgbaImageTests
{
    [Fact]
    public void Should_paste_an_image_at_its_place_and_leave_the_rest()
    {
        var canvas = TestImages.Solid(5, 4, 10, 20, 30);

        canvas.Paste(TestImages.Solid(2, 3, 200, 100, 50), 3, 1);

        Assert.Equal([200, 100, 50, 255], canvas.Pixels.AsSpan((1 * 5 + 3) * 4, 4).ToArray());
        Assert.Equal([200, 100, 50, 255], canvas.Pixels.AsSpan((3 * 5 + 4) * 4, 4).ToArray());
        Assert.Equal([10, 20, 30, 255], canvas.Pixels.AsSpan((1 * 5 + 2) * 4, 4).ToArray());
        Assert.Equal([10, 20, 30, 255], canvas.Pixels.AsSpan((0 * 5 + 3) * 4, 4).ToArray());
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(0, 2)]
    [InlineData(-1, 0)]
    public void Should_refuse_a_paste_that_does_not_fit(int x, int y)
    {
        var canvas = new RgbaImage(5, 4);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => canvas.Paste(new RgbaImage(2, 3), x, y));
        Assert.Contains("does not fit", e.Message);
    }
}
