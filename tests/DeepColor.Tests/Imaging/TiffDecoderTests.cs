using DeepColor.Imaging;
using DeepColor.Imaging.Tiff;

namespace DeepColor.Tests.Imaging;

public sealed class TiffDecoderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Imaging", "TiffFixtures", name);

    [Theory]
    [InlineData("rgb-none-strips.tif", "rgb.png")]
    [InlineData("rgb-lzw.tif", "rgb.png")]
    [InlineData("rgb-lzw-predictor.tif", "rgb.png")]
    [InlineData("rgb-deflate-predictor.tif", "rgb.png")]
    [InlineData("rgb-packbits.tif", "rgb.png")]
    [InlineData("rgb-tiles.tif", "rgb.png")]
    [InlineData("rgb-planar.tif", "rgb.png")]
    [InlineData("rgb16-bigendian-predictor.tif", "rgb.png")]
    [InlineData("gray8.tif", "gray.png")]
    [InlineData("gray16.tif", "gray.png")]
    [InlineData("palette.tif", "palette.png")]
    [InlineData("rgba-straight.tif", "rgba.png")]
    [InlineData("large-lzw.tif", "large.png")]
    public void Should_decode_ImageMagicks_TIFF_to_the_pixels_of_the_same_picture_as_PNG(string tiff, string png)
    {
        var expected = ImageDecoder.Load(Fixture(png));

        var image = ImageDecoder.Load(Fixture(tiff));

        Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
        Assert.Equal(expected.HasAlpha, image.HasAlpha);
        Assert.Equal(expected.Pixels, image.Pixels);
    }

    [Fact]
    public void Should_take_TIFF_names_as_images_when_listing_a_folder()
    {
        Assert.True(ImageFileTypes.IsImageName("scan.TIF"));
        Assert.True(ImageFileTypes.IsImageName("dir/scan.tiff"));
    }

    [Theory]
    [InlineData(1, 0xFF)] // BlackIsZero: a set bit is white
    [InlineData(0, 0x00)] // WhiteIsZero: a set bit is black
    public void Should_read_one_bit_images_most_significant_bit_first(int photometric, byte setBitValue)
    {
        // 10 pixels per row need 2 bytes; the pattern is 1011000011 then padding.
        byte[] row = [0b1011_0000, 0b1100_0000];
        var bytes = new TiffBuilder(10, 2, 1, 1, photometric, [.. row, .. row]).Build();

        var image = ImageDecoder.Decode(bytes, "bits.tif");

        int[] bits = [1, 0, 1, 1, 0, 0, 0, 0, 1, 1];
        for (int x = 0; x < 10; x++)
        {
            byte want = bits[x] == 1 ? setBitValue : (byte)(255 - setBitValue);
            Assert.Equal([want, want, want, 255], image.Pixels.AsSpan((10 + x) * 4, 4).ToArray());
        }
    }

    [Fact]
    public void Should_scale_two_and_four_bit_grey_to_the_full_range()
    {
        // 2-bit: 0,1,2,3 → 0, 85, 170, 255. 4-bit: 0, 5, 15 → 0, 85, 255.
        var two = ImageDecoder.Decode(new TiffBuilder(4, 1, 2, 1, 1, [0b00_01_10_11]).Build(), "two.tif");
        var four = ImageDecoder.Decode(new TiffBuilder(3, 1, 4, 1, 1, [0x05, 0xF0]).Build(), "four.tif");

        Assert.Equal(new byte[] { 0, 85, 170, 255 }, Reds(two));
        Assert.Equal(new byte[] { 0, 85, 255 }, Reds(four));
    }

    [Fact]
    public void Should_convert_CMYK_without_a_profile_as_ink_on_white()
    {
        // C 255 → no red; M 128 with K 0 → green 127; K 51 darkens white to 204.
        byte[] data = [255, 0, 0, 0, /**/ 0, 128, 0, 0, /**/ 0, 0, 0, 51];
        var image = ImageDecoder.Decode(new TiffBuilder(3, 1, 8, 4, 5, data).Build(), "cmyk.tif");

        Assert.Equal(new byte[] { 0, 255, 255, 255, /**/ 255, 127, 255, 255, /**/ 204, 204, 204, 255 }, image.Pixels);
    }

    [Fact]
    public void Should_undo_premultiplied_alpha()
    {
        byte[] data = [64, 32, 0, 128, /**/ 10, 20, 30, 0];
        var image = ImageDecoder.Decode(new TiffBuilder(2, 1, 8, 4, 2, data).Short(338, 1).Build(), "premul.tif");

        Assert.True(image.HasAlpha);
        Assert.Equal(new byte[] { 128, 64, 0, 128, /**/ 0, 0, 0, 0 }, image.Pixels);
    }

    [Fact]
    public void Should_ignore_an_extra_sample_that_is_not_declared_as_alpha()
    {
        byte[] data = [10, 20, 30, 0];
        var image = ImageDecoder.Decode(new TiffBuilder(1, 1, 8, 4, 2, data).Build(), "extra.tif");

        Assert.False(image.HasAlpha);
        Assert.Equal(new byte[] { 10, 20, 30, 255 }, image.Pixels);
    }

    [Fact]
    public void Should_apply_the_orientation_tag_unless_told_not_to()
    {
        // Stored 2×1: dark then light. Orientation 6 (RightTop) shows it turned a quarter clockwise: 1×2, dark on top.
        var bytes = new TiffBuilder(2, 1, 8, 1, 1, [10, 200]).Short(274, 6).Build();

        var shown = ImageDecoder.Decode(bytes, "turned.tif");
        var stored = ImageDecoder.Decode(bytes, "turned.tif", new ImageLoadOptions { ApplyOrientation = false });

        Assert.Equal((1, 2), (shown.Width, shown.Height));
        Assert.Equal(new byte[] { 10, 200 }, Reds(shown));
        Assert.Equal((2, 1), (stored.Width, stored.Height));
    }

    [Fact]
    public void Should_read_a_big_endian_file_built_by_hand()
    {
        byte[] data = [0x12, 0x34, 0xFF, 0xFF]; // 16-bit grey 0x1234 and 0xFFFF
        var image = ImageDecoder.Decode(new TiffBuilder(2, 1, 16, 1, 1, data) { BigEndian = true }.Build(), "mm.tif");

        Assert.Equal(new byte[] { (0x1234 * 255 + 32767) / 65535, 255 }, Reds(image));
    }

    [Theory]
    [InlineData(259, 7u, "JPEG compression")]
    [InlineData(259, 4u, "CCITT")]
    [InlineData(262, 6u, "YCbCr")]
    [InlineData(339, 3u, "floating-point")]
    [InlineData(266, 2u, "fill order 2")]
    [InlineData(317, 3u, "floating-point predictor")]
    public void Should_refuse_variants_it_cannot_read_and_say_which(ushort tag, uint value, string named)
    {
        var bytes = new TiffBuilder(2, 1, 8, 3, 2, new byte[6]).Short(tag, value).Build();

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(bytes, "odd.tif"));

        Assert.Equal(ImageLoadFailure.Unsupported, e.Failure);
        Assert.Contains(named, e.Message);
        Assert.StartsWith("odd.tif: ", e.Message);
    }

    [Fact]
    public void Should_call_BigTIFF_unsupported_rather_than_not_an_image()
    {
        byte[] header = [(byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(header, "big.tif"));

        Assert.Equal(ImageLoadFailure.Unsupported, e.Failure);
        Assert.Contains("BigTIFF", e.Message);
    }

    [Fact]
    public void Should_report_a_file_cut_short_as_truncated()
    {
        var tagsAfterPixels = new TiffBuilder(4, 4, 8, 1, 1, new byte[16]).Build();
        var tagsFirst = new TiffBuilder(4, 4, 8, 1, 1, new byte[16]) { DirectoryFirst = true }.Build();

        var headerOnly = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(tagsAfterPixels.AsSpan(0, 6).ToArray(), "six.tif"));
        var noDirectory = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(tagsAfterPixels.AsSpan(0, 18).ToArray(), "cut.tif"));
        var missingRows = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(tagsFirst.AsSpan(0, tagsFirst.Length - 5).ToArray(), "rows.tif"));
        var whole = ImageDecoder.Decode(tagsFirst, "whole.tif");

        Assert.Equal(ImageLoadFailure.Truncated, headerOnly.Failure);
        Assert.Equal(ImageLoadFailure.Truncated, noDirectory.Failure);
        Assert.Equal(ImageLoadFailure.Truncated, missingRows.Failure);
        Assert.Contains("strip 0 ends early", missingRows.Message);
        Assert.Equal((4, 4), (whole.Width, whole.Height));
    }

    [Fact]
    public void Should_refuse_more_pixels_than_allowed_before_reading_them()
    {
        var bytes = new TiffBuilder(4, 4, 8, 1, 1, new byte[16]).Build();

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(bytes, "huge.tif", new ImageLoadOptions { MaxPixels = 15 }));

        Assert.Equal(ImageLoadFailure.TooLarge, e.Failure);
    }

    [Fact]
    public void Should_report_a_palette_image_without_its_colour_map_as_corrupt()
    {
        var bytes = new TiffBuilder(2, 1, 8, 1, 3, [0, 1]).Build();

        var e = Assert.Throws<ImageLoadException>(() => ImageDecoder.Decode(bytes, "pal.tif"));

        Assert.Equal(ImageLoadFailure.Corrupt, e.Failure);
        Assert.Contains("colour map", e.Message);
    }

    [Fact]
    public void Should_expand_PackBits_runs_and_literals_and_skip_the_no_op()
    {
        // literal of 3, repeat 9 three times, no-op (-128), literal of 1.
        byte[] packed = [0x02, 1, 2, 3, 0xFE, 9, 0x80, 0x00, 7];
        var output = new byte[7];

        bool full = TiffDecompressor.Expand(TiffDecompressor.PackBits, packed, output);

        Assert.True(full);
        Assert.Equal(new byte[] { 1, 2, 3, 9, 9, 9, 7 }, output);
    }

    [Fact]
    public void Should_decode_the_LZW_KwKwK_case()
    {
        // "aaa": codes 'a' (97), then 258 = "aa", which is defined by the code that uses it. 9-bit codes, MSB first:
        // 001100001 100000010 100000001 (EOI) → bits packed into bytes.
        byte[] stream = PackCodes([97, 258, 257], 9);
        var output = new byte[3];

        int n = TiffLzw.Decode(stream, output);

        Assert.Equal(3, n);
        Assert.Equal("aaa"u8.ToArray(), output);
    }

    [Fact]
    public void Should_turn_damaged_files_into_load_errors_never_other_exceptions()
    {
        // Deterministic mutations of every fixture: flipped bytes in the header and directory (where the offsets
        // and counts live) and in the data, and cuts at random lengths.
        var random = new Random(2424);
        var limits = new ImageLoadOptions { MaxPixels = 1_000_000 };
        int decoded = 0, refused = 0;
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(Fixture("rgb.png"))!, "*.tif"))
        {
            var original = File.ReadAllBytes(path);
            for (int trial = 0; trial < 150; trial++)
            {
                var bytes = (byte[])original.Clone();
                if (trial % 3 == 2)
                {
                    bytes = bytes.AsSpan(0, random.Next(1, bytes.Length)).ToArray();
                }
                else
                {
                    for (int k = 0, flips = random.Next(1, 4); k < flips; k++)
                    {
                        bool inDirectory = trial % 3 == 0 && bytes.Length > 8;
                        int at = inDirectory ? random.Next(Math.Max(0, bytes.Length - 300), bytes.Length) : random.Next(bytes.Length);
                        bytes[at] = (byte)random.Next(256);
                    }
                }
                try
                {
                    ImageDecoder.Decode(bytes, "fuzz.tif", limits);
                    decoded++;
                }
                catch (ImageLoadException e)
                {
                    Assert.StartsWith("fuzz.tif: ", e.Message);
                    refused++;
                }
            }
        }
        // Both outcomes must occur, or the mutations were too mild or too wild to test anything.
        Assert.True(decoded > 100 && refused > 100, $"decoded {decoded}, refused {refused}");
    }

    private static byte[] PackCodes(int[] codes, int width)
    {
        var bytes = new byte[(codes.Length * width + 7) / 8];
        int bit = 0;
        foreach (int code in codes)
            for (int k = width - 1; k >= 0; k--, bit++)
                if (((code >> k) & 1) == 1) bytes[bit >> 3] |= (byte)(0x80 >> (bit & 7));
        return bytes;
    }

    private static byte[] Reds(RgbaImage image) =>
        Enumerable.Range(0, image.PixelCount).Select(i => image.Pixels[i * 4]).ToArray();
}
