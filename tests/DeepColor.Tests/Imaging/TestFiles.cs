using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

/// <summary>
/// Builds small image files byte by byte, for formats and variants SkiaSharp cannot write
/// (palette/16-bit/grey PNG, BMP, GIF, CMYK JPEG, EXIF-tagged JPEG, lying headers).
/// </summary>
internal static class TestFiles
{
    public static RgbaImage Solid(int width, int height, byte r, byte g, byte b, byte a = 255)
    {
        var image = new RgbaImage(width, height, hasAlpha: a != 255);
        for (int i = 0; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = r; image.Pixels[i + 1] = g; image.Pixels[i + 2] = b; image.Pixels[i + 3] = a;
        }
        return image;
    }

    /// <summary>Deterministic noise, opaque: compresses badly, so a JPEG of it has most bytes in the scan data.</summary>
    public static RgbaImage Noise(int width, int height, int seed = 1)
    {
        var image = new RgbaImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        for (int i = 3; i < image.Pixels.Length; i += 4) image.Pixels[i] = 255;
        return image;
    }

    /// <summary>Left half one colour, right half another (8-pixel aligned, so JPEG keeps them clean).</summary>
    public static RgbaImage TwoHalves(int width, int height, (byte R, byte G, byte B) left, (byte R, byte G, byte B) right)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var c = x < width / 2 ? left : right;
                int p = (y * width + x) * 4;
                image.Pixels[p] = c.R; image.Pixels[p + 1] = c.G; image.Pixels[p + 2] = c.B; image.Pixels[p + 3] = 255;
            }
        return image;
    }

    /// <summary>A PNG file from raw (unfiltered) scanlines.</summary>
    public static byte[] Png(int width, int height, int bitDepth, int colorType, byte[] scanlines, byte[]? palette = null, byte[]? transparency = null)
    {
        int rowBytes = scanlines.Length / height;
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(scanlines, y * rowBytes, rowBytes);
        }
        using var z = new MemoryStream();
        using (var zlib = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(zlib);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth; ihdr[9] = (byte)colorType;
        Chunk(png, "IHDR", ihdr);
        if (palette is not null) Chunk(png, "PLTE", palette);
        if (transparency is not null) Chunk(png, "tRNS", transparency);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Rewrites a PNG's IHDR size (with a correct CRC) so the header lies about the pixel count.</summary>
    public static byte[] WithPngSize(byte[] png, int width, int height)
    {
        var copy = (byte[])png.Clone();
        // Signature (8) + length (4) + "IHDR" (4) = offset 16 of the IHDR data.
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc32.Compute(copy.AsSpan(12, 4 + 13)));
        return copy;
    }

    /// <summary>A bottom-up 24-bit BMP.</summary>
    public static byte[] Bmp24(RgbaImage image)
    {
        int rowBytes = (image.Width * 3 + 3) & ~3;
        var bmp = new byte[54 + rowBytes * image.Height];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), image.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                int s = (y * image.Width + x) * 4, d = 54 + (image.Height - 1 - y) * rowBytes + x * 3;
                bmp[d] = image.Pixels[s + 2]; bmp[d + 1] = image.Pixels[s + 1]; bmp[d + 2] = image.Pixels[s];
            }
        return bmp;
    }

    /// <summary>
    /// A GIF with a 4-entry palette and one frame of palette indices. The LZW stream sends a clear code
    /// before every second index, so the code width never grows past 3 bits and no dictionary is needed.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[] palette12, byte[] indices, int transparentIndex = -1)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0x80 | 0x01; // global colour table of 2^(1+1) = 4 entries
        gif.Write(screen);
        gif.Write(palette12);
        if (transparentIndex >= 0)
            gif.Write([0x21, 0xF9, 4, 0x01, 0, 0, (byte)transparentIndex, 0]);
        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)height);
        gif.Write(descriptor);
        gif.WriteByte(2); // LZW minimum code size: clear = 4, end = 5, codes 3 bits wide

        var codes = new List<int>();
        for (int i = 0; i < indices.Length; i++)
        {
            if (i % 2 == 0) codes.Add(4);
            codes.Add(indices[i]);
        }
        codes.Add(5);
        var data = new List<byte>();
        int acc = 0, bits = 0;
        foreach (int code in codes)
        {
            acc |= code << bits;
            bits += 3;
            while (bits >= 8) { data.Add((byte)acc); acc >>= 8; bits -= 8; }
        }
        if (bits > 0) data.Add((byte)acc);
        for (int i = 0; i < data.Count; i += 255)
        {
            int n = Math.Min(255, data.Count - i);
            gif.WriteByte((byte)n);
            gif.Write(data.GetRange(i, n).ToArray());
        }
        gif.WriteByte(0);
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment carrying only an Orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[]
        {
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF, first IFD at 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (byte)orientation, (byte)(orientation >> 8), 0x00, 0x00, // 0x0112 SHORT ×1
            0x00, 0x00, 0x00, 0x00, // no next IFD
        };
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        output.Write([0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        output.Write(payload);
        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    /// <summary>
    /// An 8×8 baseline JPEG with four components (Adobe CMYK, transform 0), each one flat block with the given
    /// stored byte value. Only DC coefficients are coded: quantiser 8 makes the coded DC equal value − 128.
    /// </summary>
    public static byte[] CmykJpeg(byte c, byte m, byte y, byte k)
    {
        using var jpg = new MemoryStream();
        void Segment(byte marker, byte[] body)
        {
            jpg.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
            jpg.Write(body);
        }
        jpg.Write([0xFF, 0xD8]);
        Segment(0xEE, [.. "Adobe"u8, 0x00, 0x64, 0, 0, 0, 0, 0]);
        Segment(0xDB, [0x00, .. Enumerable.Repeat((byte)8, 64)]);
        Segment(0xC0, [8, 0, 8, 0, 8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        // DC table 0: categories 0–11, all 4-bit codes (code = category). AC table 0: only EOB, code "0".
        Segment(0xC4, [0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        Segment(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var bits = new BitWriter(jpg);
        foreach (byte value in new[] { c, m, y, k })
        {
            int dc = value - 128;
            int category = dc == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(dc));
            bits.Write(category, 4);
            if (category > 0) bits.Write(dc >= 0 ? dc : dc + (1 << category) - 1, category);
            bits.Write(0, 1); // EOB
        }
        bits.Flush();
        jpg.Write([0xFF, 0xD9]);
        return jpg.ToArray();
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "deepcolor-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        png.Write(len);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32.Compute(typeAndData));
        png.Write(len);
    }

    /// <summary>MSB-first entropy-coded bits with JPEG byte stuffing (0xFF is followed by 0x00).</summary>
    private sealed class BitWriter(Stream output)
    {
        private int _acc;
        private int _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _acc = (_acc << 1) | ((value >> i) & 1);
                if (++_count == 8) Emit();
            }
        }

        public void Flush()
        {
            while (_count != 0) Write(1, 1); // pad with 1-bits
        }

        private void Emit()
        {
            output.WriteByte((byte)_acc);
            if (_acc == 0xFF) output.WriteByte(0);
            _acc = 0;
            _count = 0;
        }
    }
}
