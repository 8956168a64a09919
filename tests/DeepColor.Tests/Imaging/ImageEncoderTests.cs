using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

public sealed class ImageEncoderTests : IDisposable
{
    private readonly string _dir = TestFiles.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Should_round_trip_a_PNG_losslessly_including_translucent_alpha()
    {
        var source = TestFiles.Noise(17, 9, seed: 2);
        var rng = new Random(9);
        for (int i = 3; i < source.Pixels.Length; i += 4) source.Pixels[i] = (byte)rng.Next(1, 256);
        source = new RgbaImage(source.Width, source.Height, source.Pixels, hasAlpha: true);
        string path = Path.Combine(_dir, "alpha.png");

        ImageEncoder.Save(source, path, ImageFormat.Png);
        var back = ImageDecoder.Load(path);

        Assert.Equal(source.Pixels, back.Pixels);
        Assert.True(back.HasAlpha);
    }

    [Fact]
    public void Should_write_a_lossy_WebP_that_keeps_size_alpha_and_roughly_the_pixels()
    {
        var source = TestFiles.Noise(32, 20, seed: 3);
        for (int i = 3; i < source.Pixels.Length; i += 4) source.Pixels[i] = (byte)(i / 4 % 32 < 16 ? 255 : 0);
        source = new RgbaImage(source.Width, source.Height, source.Pixels, hasAlpha: true);
        string path = Path.Combine(_dir, "x.webp");

        ImageEncoder.Save(source, path, ImageFormat.Webp, quality: 95);
        var bytes = File.ReadAllBytes(path);
        var back = ImageDecoder.Decode(bytes, "x.webp");

        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal((32, 20), (back.Width, back.Height));
        Assert.True(back.HasAlpha);
        Assert.Equal(0, back.Pixels[(5 * 32 + 20) * 4 + 3]);     // a transparent column stays transparent
        Assert.Equal(255, back.Pixels[(5 * 32 + 3) * 4 + 3]);
        Assert.Equal(ImageEncoder.Encode(source, ImageFormat.Webp, 95), bytes); // and the encoder is deterministic
    }

    [Fact]
    public void Should_write_an_opaque_PNG_when_the_image_has_no_alpha()
    {
        var source = TestFiles.Noise(4, 4);
        source.Pixels[3] = 0; // ignored: the image says it has no alpha

        var back = ImageDecoder.Decode(ImageEncoder.Encode(source, ImageFormat.Png), "x.png");

        Assert.False(back.HasAlpha);
        Assert.Equal(255, back.Pixels[3]);
        Assert.Equal(source.Pixels[..3], back.Pixels[..3]);
    }

    [Fact]
    public void Should_write_smaller_JPEGs_at_lower_quality()
    {
        var source = TestFiles.Noise(64, 64);

        int small = ImageEncoder.Encode(source, ImageFormat.Jpeg, 30).Length;
        int large = ImageEncoder.Encode(source, ImageFormat.Jpeg, 95).Length;

        Assert.True(small < large * 0.7, $"q30 {small} bytes, q95 {large} bytes");
    }

    [Fact]
    public void Should_write_a_JPEG_that_decodes_to_nearly_the_same_colours()
    {
        var source = TestFiles.Solid(16, 16, 180, 90, 40);

        var back = ImageDecoder.Decode(ImageEncoder.Encode(source, ImageFormat.Jpeg, 95), "x.jpg");

        ImageDecoderTests.AssertPixel(back, 8, 8, (180, 90, 40), tolerance: 3);
        Assert.False(back.HasAlpha);
    }

    [Fact]
    public void Should_replace_an_existing_file_and_leave_no_temporary_files()
    {
        string path = Path.Combine(_dir, "sub", "out.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");

        ImageEncoder.Save(TestFiles.Solid(8, 8, 1, 2, 3), path, ImageFormat.Jpeg);

        Assert.Equal(8, ImageDecoder.Load(path).Width);
        Assert.Equal(new[] { "out.jpg" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Should_reject_a_quality_outside_1_to_100(int quality)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.Encode(TestFiles.Solid(2, 2, 0, 0, 0), ImageFormat.Jpeg, quality));
    }
}
