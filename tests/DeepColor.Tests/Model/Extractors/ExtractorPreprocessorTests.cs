using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Model.Extractors;

namespace DeepColor.Tests.Model.Extractors;

public sealed class ExtractorPreprocessorTests
{
    private static ExtractorCfg Cfg(int size = 4) => new()
    {
        Architecture = "toy",
        Tag = "t",
        FileName = "toy.onnx",
        Height = size,
        Width = size,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
        ResizeMode = ResizeMode.Stretch,
        EmbeddingDim = 10,
    };

    private static RgbaImage Solid(int w, int h, byte r, byte g, byte b)
    {
        var img = new RgbaImage(w, h);
        for (int i = 0; i < img.PixelCount; i++) { img.Pixels[i * 4] = r; img.Pixels[i * 4 + 1] = g; img.Pixels[i * 4 + 2] = b; img.Pixels[i * 4 + 3] = 255; }
        return img;
    }

    [Fact]
    public void Should_reduce_colour_to_the_gray_of_its_L_star()
    {
        // Given saturated colours of very different lightness
        var img = new RgbaImage(3, 1, [255, 0, 0, 255, 0, 200, 0, 255, 20, 40, 240, 255]);

        var gray = ExtractorPreprocessor.ToLuminanceGray(img);

        // Then each pixel is neutral and keeps its L* (to 8-bit precision)
        for (int i = 0; i < 3; i++)
        {
            var p = gray.Pixels.AsSpan(i * 4, 4);
            Assert.True(Math.Abs(p[0] - p[1]) <= 1 && Math.Abs(p[1] - p[2]) <= 1, $"pixel {i} not neutral: {p[0]},{p[1]},{p[2]}");
            float lIn = LabConverter.ToLab(new Srgb(img.Pixels[i * 4] / 255f, img.Pixels[i * 4 + 1] / 255f, img.Pixels[i * 4 + 2] / 255f)).L;
            float lOut = LabConverter.ToLab(new Srgb(p[0] / 255f, p[1] / 255f, p[2] / 255f)).L;
            Assert.InRange(lOut - lIn, -0.5f, 0.5f);
        }
    }

    [Fact]
    public void Should_normalise_each_channel_with_the_cfg_mean_and_std_in_NCHW()
    {
        var pre = new ExtractorPreprocessor(Cfg());

        var x = pre.Prepare(Solid(8, 8, 200, 100, 50), grayInput: false);

        Assert.Equal(3 * 4 * 4, x.Length);
        float[] expected = [(200 / 255f - 0.485f) / 0.229f, (100 / 255f - 0.456f) / 0.224f, (50 / 255f - 0.406f) / 0.225f];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++)
                Assert.Equal(expected[c], x[c * 16 + i], 5);
    }

    [Fact]
    public void Should_interleave_channels_in_NHWC_and_honour_BGR()
    {
        var nchw = new ExtractorPreprocessor(Cfg()).Prepare(Solid(4, 4, 200, 100, 50), grayInput: false);
        var nhwc = new ExtractorPreprocessor(Cfg() with { Layout = TensorLayout.Nhwc }).Prepare(Solid(4, 4, 200, 100, 50), grayInput: false);
        var bgr = new ExtractorPreprocessor(Cfg() with { ChannelOrder = ChannelOrder.Bgr, Mean = [0, 0, 0], Std = [1, 1, 1] })
            .Prepare(Solid(4, 4, 200, 100, 50), grayInput: false);

        for (int i = 0; i < 16; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(nchw[c * 16 + i], nhwc[i * 3 + c]);
        Assert.Equal(50 / 255f, bgr[0], 6);
        Assert.Equal(200 / 255f, bgr[2 * 16], 6);
    }

    [Fact]
    public void Should_map_bytes_to_minus_one_and_one_for_the_Keras_Inception_scaling()
    {
        var keras = ExtractorRegistry.Default.Get("inception_resnet_v2.keras_in1k") with { Height = 2, Width = 2 };
        var pre = new ExtractorPreprocessor(keras);

        Assert.All(pre.Prepare(Solid(2, 2, 0, 0, 0)), v => Assert.Equal(-1f, v));
        Assert.All(pre.Prepare(Solid(2, 2, 255, 255, 255)), v => Assert.Equal(1f, v, 2));
    }

    [Fact]
    public void Should_feed_the_same_gray_to_all_three_channels_by_default()
    {
        var pre = new ExtractorPreprocessor(Cfg() with { Mean = [0, 0, 0], Std = [1, 1, 1] });

        var x = pre.Prepare(Solid(4, 4, 30, 160, 90));

        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(x[i], x[16 + i]);
            Assert.Equal(x[i], x[32 + i]);
        }
        Assert.NotEqual(30 / 255f, x[0], 2);
    }

    [Fact]
    public void Should_center_crop_after_scaling_the_shorter_side()
    {
        // Given a 300×100 strip: red, green, blue thirds
        var img = new RgbaImage(300, 100);
        for (int y = 0; y < 100; y++)
            for (int xx = 0; xx < 300; xx++)
            {
                int p = (y * 300 + xx) * 4;
                img.Pixels[p + xx / 100] = 255;
                img.Pixels[p + 3] = 255;
            }
        var cropCfg = Cfg(50) with { ResizeMode = ResizeMode.ShorterSideCenterCrop, CropPct = 0.875f, Mean = [0, 0, 0], Std = [1, 1, 1] };

        var cropped = new ExtractorPreprocessor(cropCfg).Resize(img);
        var stretched = new ExtractorPreprocessor(cropCfg with { ResizeMode = ResizeMode.Stretch }).Resize(img);

        // Then the crop keeps only the green middle, while stretching keeps all three
        Assert.Equal((50, 50), (cropped.Width, cropped.Height));
        Assert.All(Enumerable.Range(0, cropped.PixelCount), i => Assert.Equal(new byte[] { 0, 255, 0 }, cropped.Pixels[(i * 4)..(i * 4 + 3)]));
        Assert.Equal(255, stretched.Pixels[(25 * 50 + 2) * 4]);
        Assert.Equal(255, stretched.Pixels[(25 * 50 + 47) * 4 + 2]);
    }

    [Fact]
    public void Should_reduce_large_images_without_aliasing_a_fine_pattern()
    {
        // A one-pixel checkerboard must average to mid gray, not alias to black or white
        var img = new RgbaImage(640, 640);
        for (int i = 0; i < img.PixelCount; i++)
        {
            byte v = (byte)(((i % 640) + (i / 640)) % 2 == 0 ? 255 : 0);
            img.Pixels[i * 4] = img.Pixels[i * 4 + 1] = img.Pixels[i * 4 + 2] = v;
            img.Pixels[i * 4 + 3] = 255;
        }

        var small = ExtractorPreprocessor.ResizeTo(img, 20, 20, ResizeFilter.Bilinear);

        Assert.All(Enumerable.Range(0, small.PixelCount), i => Assert.InRange(small.Pixels[i * 4], 110, 145));
    }

    [Fact]
    public void Should_reject_a_destination_of_the_wrong_size()
    {
        var pre = new ExtractorPreprocessor(Cfg());
        Assert.Throws<ArgumentException>(() => pre.PrepareInto(Solid(4, 4, 1, 2, 3), new float[10]));
    }
}
