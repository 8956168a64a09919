using DeepColor.Imaging;
using SkiaSharp;

namespace DeepColor.Tests.Imaging;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly string _dir = TestFiles.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Should_decode_a_PNG_exactly()
    {
        var source = TestFiles.Noise(13, 7);
        string path = Write("noise.png", ImageEncoder.Encode(source, ImageFormat.Png));

        var image = ImageDecoder.Load(path);

        Assert.Equal((13, 7), (image.Width, image.Height));
        Assert.Equal(source.Pixels, image.Pixels);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_a_JPEG_close_to_its_source_colours()
    {
        string path = Write("halves.jpg", ImageEncoder.Encode(TestFiles.TwoHalves(32, 16, (200, 30, 40), (20, 60, 220)), ImageFormat.Jpeg, 95));

        var image = ImageDecoder.Load(path);

        Assert.Equal((32, 16), (image.Width, image.Height));
        AssertPixel(image, 4, 8, (200, 30, 40), tolerance: 8);
        AssertPixel(image, 27, 8, (20, 60, 220), tolerance: 8);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_a_lossless_WebP_with_alpha()
    {
        var source = TestFiles.Solid(6, 5, 10, 200, 30, a: 100);
        var bytes = EncodeWith(source, px => px.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))!);

        var image = ImageDecoder.Decode(bytes, "x.webp");

        Assert.Equal(source.Pixels, image.Pixels);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_a_24_bit_BMP()
    {
        var source = TestFiles.Noise(5, 3, seed: 4);

        var image = ImageDecoder.Decode(TestFiles.Bmp24(source), "x.bmp");

        Assert.Equal(source.Pixels, image.Pixels);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_the_first_frame_of_a_GIF_with_its_transparent_index()
    {
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9];
        byte[] indices = [0, 1, 2, 3, 3, 2];

        var image = ImageDecoder.Decode(TestFiles.Gif(3, 2, palette, indices, transparentIndex: 3), "x.gif");

        Assert.Equal((3, 2), (image.Width, image.Height));
        AssertPixel(image, 0, 0, (255, 0, 0));
        AssertPixel(image, 1, 0, (0, 255, 0));
        AssertPixel(image, 2, 0, (0, 0, 255));
        AssertPixel(image, 2, 1, (0, 0, 255));
        Assert.Equal(0, image.Pixels[(1 * 3 + 0) * 4 + 3]);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Should_expand_an_8_bit_grey_PNG_to_equal_RGB()
    {
        byte[] grey = [0, 77, 255, 128];

        var image = ImageDecoder.Decode(TestFiles.Png(2, 2, 8, 0, grey), "grey.png");

        for (int i = 0; i < 4; i++)
            Assert.Equal(new byte[] { grey[i], grey[i], grey[i], 255 }, image.Pixels[(i * 4)..(i * 4 + 4)]);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_reduce_a_16_bit_RGBA_PNG_to_8_bits()
    {
        // One pixel: R 0xFFFF, G 0x8080, B 0x0000, A 0xFFFF (opaque, so no alpha is reported).
        byte[] rgba16 = [0xFF, 0xFF, 0x80, 0x80, 0x00, 0x00, 0xFF, 0xFF];

        var image = ImageDecoder.Decode(TestFiles.Png(1, 1, 16, 6, rgba16), "deep.png");

        Assert.Equal(new byte[] { 255, 128, 0, 255 }, image.Pixels);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_a_palette_PNG_and_keep_its_transparent_entry()
    {
        byte[] palette = [255, 0, 0, 0, 0, 255];
        byte[] trns = [255, 0];
        byte[] indices = [0, 1];

        var image = ImageDecoder.Decode(TestFiles.Png(2, 1, 8, 3, indices, palette, trns), "palette.png");

        Assert.Equal(new byte[] { 255, 0, 0, 255 }, image.Pixels[..4]);
        Assert.Equal(0, image.Pixels[7]);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Should_keep_translucent_alpha_of_a_grey_alpha_PNG_unpremultiplied()
    {
        byte[] greyAlpha = [200, 64, 10, 255];

        var image = ImageDecoder.Decode(TestFiles.Png(2, 1, 8, 4, greyAlpha), "ga.png");

        Assert.Equal(new byte[] { 200, 200, 200, 64, 10, 10, 10, 255 }, image.Pixels);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Should_report_no_alpha_for_an_RGBA_PNG_that_is_opaque_everywhere()
    {
        byte[] rgba = [1, 2, 3, 255, 4, 5, 6, 255];

        var image = ImageDecoder.Decode(TestFiles.Png(2, 1, 8, 6, rgba), "opaque.png");

        Assert.Equal(rgba, image.Pixels);
        Assert.False(image.HasAlpha);
    }

    [Fact]
    public void Should_decode_a_CMYK_JPEG_as_Adobe_inverted_CMYK()
    {
        // Adobe writes CMYK inverted (255 = no ink): full "cyan" byte 0 with the rest 255 is pure cyan.
        var cyan = ImageDecoder.Decode(TestFiles.CmykJpeg(0, 255, 255, 255), "cyan.jpg");
        var grey = ImageDecoder.Decode(TestFiles.CmykJpeg(255, 255, 255, 128), "grey.jpg");

        Assert.Equal((8, 8), (cyan.Width, cyan.Height));
        AssertPixel(cyan, 3, 3, (0, 255, 255), tolerance: 2);
        AssertPixel(grey, 5, 1, (128, 128, 128), tolerance: 2);
    }

    [Theory]
    [InlineData(1, 16, 8, 2, 4, 13, 4)] // TopLeft: red on the left
    [InlineData(3, 16, 8, 13, 4, 2, 4)] // BottomRight: red on the right
    [InlineData(6, 8, 16, 4, 2, 4, 13)] // RightTop, shown turned 90° clockwise: red on top
    [InlineData(8, 8, 16, 4, 13, 4, 2)] // LeftBottom, shown turned 90° anticlockwise: red at the bottom
    public void Should_apply_the_EXIF_orientation_of_a_JPEG(ushort tag, int width, int height, int redX, int redY, int blueX, int blueY)
    {
        var jpeg = ImageEncoder.Encode(TestFiles.TwoHalves(16, 8, (255, 0, 0), (0, 0, 255)), ImageFormat.Jpeg, 95);
        string path = Write("exif.jpg", TestFiles.WithExifOrientation(jpeg, tag));

        var image = ImageDecoder.Load(path);

        Assert.Equal((width, height), (image.Width, image.Height));
        AssertPixel(image, redX, redY, (255, 0, 0), tolerance: 24);
        AssertPixel(image, blueX, blueY, (0, 0, 255), tolerance: 24);
    }

    [Fact]
    public void Should_leave_stored_order_when_orientation_is_switched_off()
    {
        var jpeg = ImageEncoder.Encode(TestFiles.TwoHalves(16, 8, (255, 0, 0), (0, 0, 255)), ImageFormat.Jpeg, 95);

        var image = ImageDecoder.Decode(TestFiles.WithExifOrientation(jpeg, 6), "exif.jpg", new ImageLoadOptions { ApplyOrientation = false });

        Assert.Equal((16, 8), (image.Width, image.Height));
        AssertPixel(image, 2, 4, (255, 0, 0), tolerance: 24);
    }

    [Fact]
    public void Should_refuse_a_PNG_whose_header_claims_ten_gigapixels_before_allocating_pixels()
    {
        var png = TestFiles.WithPngSize(ImageEncoder.Encode(TestFiles.Solid(4, 4, 1, 2, 3), ImageFormat.Png), 100_000, 100_000);
        string path = Write("bomb.png", png);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageLoadFailure.TooLarge, e.Failure);
        Assert.Contains("100000×100000", e.Message);
        Assert.Contains(path, e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Should_refuse_an_image_above_a_configured_pixel_limit()
    {
        var png = ImageEncoder.Encode(TestFiles.Solid(10, 10, 1, 2, 3), ImageFormat.Png);

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(png, "big.png", new ImageLoadOptions { MaxPixels = 99 }));
        var ok = ImageDecoder.Decode(png, "big.png", new ImageLoadOptions { MaxPixels = 100 });

        Assert.Equal(ImageLoadFailure.TooLarge, e.Failure);
        Assert.Equal(10, ok.Width);
    }

    [Fact]
    public void Should_report_a_truncated_JPEG()
    {
        var jpeg = ImageEncoder.Encode(TestFiles.Noise(64, 64), ImageFormat.Jpeg, 90);
        string path = Write("half.jpg", jpeg[..(jpeg.Length / 2)]);

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));

        Assert.Equal(ImageLoadFailure.Truncated, e.Failure);
        Assert.Equal(path, e.Path);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Should_report_random_bytes_behind_a_JPEG_signature_as_a_damaged_JPEG()
    {
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        string path = Write("corrupt.jpg", bytes);

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));

        Assert.Contains(e.Failure, new[] { ImageLoadFailure.Corrupt, ImageLoadFailure.Truncated });
        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void Should_report_an_empty_file()
    {
        string path = Write("empty.png", []);

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));

        Assert.Equal(ImageLoadFailure.Empty, e.Failure);
        Assert.Equal($"{path}: file is empty", e.Message);
    }

    [Fact]
    public void Should_report_a_text_file_as_not_an_image()
    {
        string path = Write("notes.jpg", "this is not a picture\n"u8.ToArray());

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));

        Assert.Equal(ImageLoadFailure.NotAnImage, e.Failure);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Should_report_a_missing_file()
    {
        string path = Path.Combine(_dir, "nope.png");

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(path));

        Assert.Equal(ImageLoadFailure.NotFound, e.Failure);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Should_decode_from_a_non_seekable_stream_starting_at_its_position()
    {
        var source = TestFiles.Noise(9, 4, seed: 8);
        var png = ImageEncoder.Encode(source, ImageFormat.Png);
        using var inner = new MemoryStream([1, 2, 3, .. png]);
        inner.Position = 3;
        using var stream = new ForwardOnlyStream(inner);

        var image = ImageDecoder.Load(stream, "upload");

        Assert.Equal(source.Pixels, image.Pixels);
    }

    [Fact]
    public void Should_name_the_stream_in_stream_errors()
    {
        using var stream = new MemoryStream("hello"u8.ToArray());

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Load(stream, "request body"));

        Assert.Equal("request body", e.Path);
        Assert.StartsWith("request body: ", e.Message);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] EncodeWith(RgbaImage image, Func<SKPixmap, SKData> encode)
    {
        using var bitmap = image.ToSKBitmap();
        using var pixmap = bitmap.PeekPixels();
        using var data = encode(pixmap);
        return data.ToArray();
    }

    internal static void AssertPixel(RgbaImage image, int x, int y, (int R, int G, int B) expected, int tolerance = 0)
    {
        int p = (y * image.Width + x) * 4;
        var actual = (R: (int)image.Pixels[p], G: (int)image.Pixels[p + 1], B: (int)image.Pixels[p + 2]);
        Assert.True(Math.Abs(actual.R - expected.R) <= tolerance && Math.Abs(actual.G - expected.G) <= tolerance && Math.Abs(actual.B - expected.B) <= tolerance,
            $"pixel ({x},{y}) is {actual}, expected {expected} ±{tolerance}");
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 5));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
