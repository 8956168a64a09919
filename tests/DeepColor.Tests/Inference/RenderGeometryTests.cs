using DeepColor.Imaging;
using DeepColor.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Inference;

public sealed class RenderGeometryTests
{
    [Theory]
    [InlineData(768, 512, 256, 256, 168)]
    [InlineData(512, 768, 256, 168, 256)]
    [InlineData(1000, 10, 256, 256, 8)]
    [InlineData(300, 300, 256, 256, 256)]
    [InlineData(6000, 4000, 512, 512, 344)]
    public void Should_keep_the_aspect_with_sides_that_are_multiples_of_8(int w, int h, int render, int ew, int eh)
    {
        Assert.Equal((ew, eh), RenderGeometry.For(w, h, render, RenderSizing.KeepAspect));
    }

    [Fact]
    public void Should_render_square_when_asked()
    {
        Assert.Equal((128, 128), RenderGeometry.For(640, 200, 128, RenderSizing.Square));
    }

    [Fact]
    public void Should_box_average_by_an_integer_factor_before_the_final_resize()
    {
        // Given a 1-pixel checkerboard, which a 4×4-tap cubic filter at 16× would alias into stripes
        var image = new RgbaImage(512, 512);
        for (int i = 0; i < image.PixelCount; i++)
        {
            byte v = ((i % 512) + (i / 512)) % 2 == 0 ? (byte)0 : (byte)255;
            image.Pixels[i * 4] = image.Pixels[i * 4 + 1] = image.Pixels[i * 4 + 2] = v;
            image.Pixels[i * 4 + 3] = 255;
        }

        // When it is brought to 32×32
        var small = Downscaler.Resize(image, 32, 32);

        // Then it is uniform mid-gray
        Assert.Equal((32, 32), (small.Width, small.Height));
        for (int i = 0; i < small.Pixels.Length; i += 4) Assert.InRange(small.Pixels[i], 120, 135);
    }

    [Fact]
    public void Should_find_the_default_model_in_a_parent_folder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("models"));
        File.WriteAllText(dir.File("models/default.dclr"), "x");
        string deep = dir.File("src/app/bin/Release");
        Directory.CreateDirectory(deep);

        Assert.Equal(dir.File("models/default.dclr"), ModelLocator.Resolve("default", deep));
    }

    [Fact]
    public void Should_prefer_the_nearest_default_model()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("app/models"));
        File.WriteAllText(dir.File("app/models/default.dclr"), "x");
        Directory.CreateDirectory(dir.File("models"));
        File.WriteAllText(dir.File("models/default.dclr"), "x");

        Assert.Equal(dir.File("app/models/default.dclr"), ModelLocator.Resolve("default", dir.File("app")));
    }
}
