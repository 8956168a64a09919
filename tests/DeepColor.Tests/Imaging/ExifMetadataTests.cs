using System.Buffers.Binary;
using System.Text;
using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

public sealed class ExifMetadataTests
{
    [Fact]
    public void Should_compute_the_standard_CRC32_check_values()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8)); // the CRC every PNG ends with
    }

    [Fact]
    public void Should_find_the_EXIF_block_of_a_JPEG()
    {
        var jpeg = TestFiles.WithExifOrientation(ImageEncoder.Encode(TestFiles.Solid(8, 8, 50, 60, 70), ImageFormat.Jpeg), 6);

        var exif = ExifMetadata.Find(jpeg);

        Assert.NotNull(exif);
        Assert.True(exif.AsSpan().StartsWith("II*\0"u8));
        Assert.Equal(6, OrientationOf(exif, bigEndian: false));
    }

    [Fact]
    public void Should_find_nothing_in_files_without_EXIF()
    {
        Assert.Null(ExifMetadata.Find(ImageEncoder.Encode(TestFiles.Solid(8, 8, 1, 2, 3), ImageFormat.Jpeg)));
        Assert.Null(ExifMetadata.Find(ImageEncoder.Encode(TestFiles.Solid(8, 8, 1, 2, 3), ImageFormat.Png)));
        Assert.Null(ExifMetadata.Find("not an image"u8));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_make_the_block_true_of_the_upright_output(bool bigEndian)
    {
        var exif = RichExif(bigEndian, orientation: 6, pixelX: 40, pixelY: 30);

        var fixedUp = ExifMetadata.ForOutput(exif, width: 30, height: 40);
        var order = new ByteOrder(bigEndian);

        Assert.NotNull(fixedUp);
        Assert.Equal(1, OrientationOf(fixedUp, bigEndian));
        Assert.Equal(0u, order.U32(fixedUp, NextIfdLinkAt)); // the gray thumbnail (IFD1) is unlinked
        Assert.Equal((30u, 40u), (order.U32(fixedUp, PixelXEntryAt + 8), order.U32(fixedUp, PixelYEntryAt + 8)));
        Assert.Equal(4, order.U16(fixedUp, PixelXEntryAt + 2)); // was SHORT, now LONG
        Assert.Contains("2019:07:04 10:20:30", Encoding.ASCII.GetString(fixedUp));
        Assert.Equal(6, OrientationOf(exif, bigEndian)); // the input's block is left alone
    }

    [Fact]
    public void Should_drop_a_block_whose_directory_points_outside_it()
    {
        var exif = RichExif(false, 1, 4, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(exif.AsSpan(4), 5000);

        Assert.Null(ExifMetadata.ForOutput(exif, 4, 4));
        Assert.Null(ExifMetadata.ForOutput("II*\0"u8.ToArray(), 4, 4));
        Assert.Null(ExifMetadata.ForOutput(new byte[32], 4, 4));
    }

    [Fact]
    public void Should_survive_damaged_blocks_by_returning_them_fixed_or_null()
    {
        var random = new Random(77);
        var jpeg = ExifMetadata.Embed(ImageEncoder.Encode(TestFiles.Solid(8, 8, 1, 2, 3), ImageFormat.Jpeg), ImageFormat.Jpeg, RichExif(false, 6, 8, 8));
        int kept = 0, dropped = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            var block = RichExif(trial % 2 == 0, 6, 8, 8);
            for (int k = 0, flips = random.Next(1, 4); k < flips; k++) block[random.Next(block.Length)] = (byte)random.Next(256);
            var file = (byte[])jpeg.Clone();
            file[random.Next(2, 40)] = (byte)random.Next(256);

            _ = ExifMetadata.Find(file);
            if (ExifMetadata.ForOutput(block, 8, 8) is null) dropped++; else kept++;
        }
        Assert.True(kept > 100 && dropped > 100, $"kept {kept}, dropped {dropped}");
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Png)]
    public void Should_embed_a_block_that_can_be_found_again_without_changing_the_pixels(ImageFormat format)
    {
        var image = TestFiles.Noise(12, 9);
        var plain = ImageEncoder.Encode(image, format);
        var exif = RichExif(false, 1, 12, 9);

        var tagged = ExifMetadata.Embed(plain, format, exif);

        Assert.Equal(exif, ExifMetadata.Find(tagged));
        Assert.Equal(ImageDecoder.Decode(plain, "plain").Pixels, ImageDecoder.Decode(tagged, "tagged").Pixels);
        if (format == ImageFormat.Jpeg && plain[3] == 0xE0)
            Assert.Equal(0xE1, tagged[4 + BinaryPrimitives.ReadUInt16BigEndian(plain.AsSpan(4)) + 1]); // after JFIF's APP0
    }

    [Fact]
    public void Should_leave_out_a_block_too_large_for_one_JPEG_segment()
    {
        var plain = ImageEncoder.Encode(TestFiles.Solid(8, 8, 1, 2, 3), ImageFormat.Jpeg);
        var huge = new byte[70_000];
        RichExif(false, 1, 8, 8).CopyTo(huge, 0);

        Assert.Equal(plain, ExifMetadata.Embed(plain, ImageFormat.Jpeg, huge));
    }

    [Fact]
    public void Should_save_with_the_block_atomically()
    {
        string dir = TestFiles.TempDir();
        try
        {
            string path = Path.Combine(dir, "out.jpg");
            var exif = RichExif(false, 1, 8, 8);

            ImageEncoder.Save(TestFiles.Solid(8, 8, 9, 9, 9), path, ImageFormat.Jpeg, exif: exif);

            Assert.Equal(exif, ExifMetadata.Read(path));
            Assert.Equal(["out.jpg"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Layout of RichExif's block: header, IFD0 at 8 with 4 entries, its next-IFD link, the date string, the Exif IFD
    // with 3 entries, then a stand-in IFD1.
    private const int Ifd0At = 8, NextIfdLinkAt = Ifd0At + 2 + 4 * 12, DateAt = NextIfdLinkAt + 4, ExifIfdAt = DateAt + 20;
    private const int PixelXEntryAt = ExifIfdAt + 2 + 12, PixelYEntryAt = ExifIfdAt + 2 + 24, Ifd1At = ExifIfdAt + 2 + 3 * 12 + 4;

    /// <summary>An EXIF block like a camera's: orientation, a date, a pointer to the Exif IFD with the pixel size, and an IFD1.</summary>
    private static byte[] RichExif(bool bigEndian, ushort orientation, ushort pixelX, uint pixelY)
    {
        var order = new ByteOrder(bigEndian);
        var b = new byte[Ifd1At + 6];
        (bigEndian ? "MM\0*"u8 : "II*\0"u8).CopyTo(b);
        order.W32(b, 4, Ifd0At);
        order.W16(b, Ifd0At, 4);
        Entry(b, Ifd0At + 2, 0x010F, 2, 4, 0x00434241, order); // Make "ABC"
        Entry(b, Ifd0At + 14, 0x0112, 3, 1, orientation, order, isShort: true);
        Entry(b, Ifd0At + 26, 0x0132, 2, 20, DateAt, order);
        Entry(b, Ifd0At + 38, 0x8769, 4, 1, ExifIfdAt, order);
        order.W32(b, NextIfdLinkAt, Ifd1At);
        "2019:07:04 10:20:30\0"u8.CopyTo(b.AsSpan(DateAt));
        order.W16(b, ExifIfdAt, 3);
        Entry(b, ExifIfdAt + 2, 0x9003, 2, 20, DateAt, order);
        Entry(b, PixelXEntryAt, 0xA002, 3, 1, pixelX, order, isShort: true);
        Entry(b, PixelYEntryAt, 0xA003, 4, 1, pixelY, order);
        order.W16(b, Ifd1At, 0);
        return b;
    }

    private static void Entry(byte[] b, int at, ushort tag, ushort type, uint count, uint value, ByteOrder order, bool isShort = false)
    {
        order.W16(b, at, tag);
        order.W16(b, at + 2, type);
        order.W32(b, at + 4, count);
        if (isShort) order.W16(b, at + 8, (ushort)value);
        else if (type == 2 && count <= 4) new ByteOrder(false).W32(b, at + 8, value); // inline text: its bytes in file order
        else order.W32(b, at + 8, value);
    }

    private static int OrientationOf(byte[] exif, bool bigEndian)
    {
        var order = new ByteOrder(bigEndian);
        int ifd = (int)order.U32(exif, 4), n = order.U16(exif, ifd);
        for (int i = 0; i < n; i++)
        {
            int e = ifd + 2 + 12 * i;
            if (order.U16(exif, e) == 0x0112) return order.U16(exif, e + 8);
        }
        return -1;
    }
}
