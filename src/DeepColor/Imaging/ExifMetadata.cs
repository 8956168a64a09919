using System.Buffers.Binary;

namespace DeepColor.Imaging;

/// <summary>
/// Carries a photo's EXIF block (date taken, camera, caption, copyright, GPS) from the input file to the
/// colorized output, so that a colorized archive still sorts by date and keeps its credits.
/// </summary>
/// <remarks>
/// Read from a JPEG's APP1 segment or a PNG's eXIf chunk; written the same way. Before writing, the block is
/// made true of the new file: its orientation becomes 1, since the decoder has already turned the pixels
/// upright; its pixel size becomes the output's; and its embedded thumbnail is unlinked, since it shows the
/// gray original. A block that cannot be parsed is dropped, never written half-fixed.
/// </remarks>
public static class ExifMetadata
{
    /// <summary>How much of a file <see cref="Read"/> looks at: EXIF sits before the image data.</summary>
    public const int ScanLimit = 1 << 20;

    private const ushort TagOrientation = 0x0112, TagExifIfd = 0x8769, TagPixelX = 0xA002, TagPixelY = 0xA003;
    private const int MaxJpegSegmentPayload = 65535 - 2 - 6;

    /// <summary>The EXIF block (TIFF-structured bytes) of a JPEG or PNG file, or null when it has none or cannot be read.</summary>
    public static byte[]? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[(int)Math.Min(ScanLimit, stream.Length)];
            stream.ReadExactly(head);
            return Find(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // metadata is a courtesy: the image itself has been read or has failed on its own
        }
    }

    /// <summary>The EXIF block in the leading bytes of a JPEG or PNG file, or null.</summary>
    public static byte[]? Find(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8])) return FindInJpeg(file);
        if (file.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return FindInPng(file);
        return null;
    }

    /// <summary>
    /// A copy of <paramref name="exif"/> made true of a colorized output of the given size (see the remarks),
    /// or null when the block is malformed.
    /// </summary>
    public static byte[]? ForOutput(byte[] exif, int width, int height)
    {
        try
        {
            return MadeTrueOfOutput((byte[])exif.Clone(), width, height);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // an offset the checks did not foresee points outside the block
        }
    }

    private static byte[]? MadeTrueOfOutput(byte[] b, int width, int height)
    {
        if (b.Length < 8) return null;
        ByteOrder order;
        if (b.AsSpan().StartsWith("II*\0"u8)) order = new(false);
        else if (b.AsSpan().StartsWith("MM\0*"u8)) order = new(true);
        else return null;

        long ifd0 = order.U32(b, 4);
        var entries = Entries(b, ifd0, order);
        if (entries is null) return null;
        long exifIfd = -1;
        foreach (int e in entries)
        {
            ushort tag = order.U16(b, e), type = order.U16(b, e + 2);
            if (tag == TagOrientation && type == 3) order.W16(b, e + 8, 1);
            if (tag == TagExifIfd) exifIfd = order.U32(b, e + 8);
        }
        // The link to the next directory (IFD1, the thumbnail) follows the entries.
        order.W32(b, ifd0 + 2 + 12 * entries.Count, 0);

        if (exifIfd > 0)
        {
            var sub = Entries(b, exifIfd, order);
            if (sub is null) return null;
            foreach (int e in sub)
            {
                ushort tag = order.U16(b, e);
                if (tag is not (TagPixelX or TagPixelY)) continue;
                // Rewritten as one LONG, which fits the entry's own 4 bytes whatever type it had.
                order.W16(b, e + 2, 4);
                order.W32(b, e + 4, 1);
                order.W32(b, e + 8, (uint)(tag == TagPixelX ? width : height));
            }
        }
        return b;
    }

    /// <summary>
    /// Inserts <paramref name="exif"/> into an encoded JPEG (an APP1 segment after SOI and any JFIF APP0) or PNG
    /// (an eXIf chunk after IHDR). A block too large for one JPEG segment is left out, and so is every block for WebP
    /// (its EXIF chunk needs the extended VP8X header, which Skia's lossy encoder does not write).
    /// </summary>
    public static byte[] Embed(byte[] encoded, ImageFormat format, byte[] exif)
    {
        if (format == ImageFormat.Webp) return encoded;
        using var output = new MemoryStream(encoded.Length + exif.Length + 16);
        if (format == ImageFormat.Jpeg)
        {
            if (exif.Length > MaxJpegSegmentPayload || encoded.Length < 4) return encoded;
            int at = 2;
            if (encoded[2] == 0xFF && encoded[3] == 0xE0 && encoded.Length >= 6)
                at = 4 + BinaryPrimitives.ReadUInt16BigEndian(encoded.AsSpan(4));
            output.Write(encoded, 0, at);
            int length = 2 + 6 + exif.Length;
            output.Write([0xFF, 0xE1, (byte)(length >> 8), (byte)length]);
            output.Write("Exif\0\0"u8);
            output.Write(exif);
            output.Write(encoded, at, encoded.Length - at);
        }
        else
        {
            const int afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then IHDR's length, type, body and CRC
            output.Write(encoded, 0, afterHeader);
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, exif.Length);
            output.Write(word);
            var typeAndData = new byte[4 + exif.Length];
            "eXIf"u8.CopyTo(typeAndData);
            exif.CopyTo(typeAndData, 4);
            output.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
            output.Write(word);
            output.Write(encoded, afterHeader, encoded.Length - afterHeader);
        }
        return output.ToArray();
    }

    private static byte[]? FindInJpeg(ReadOnlySpan<byte> b)
    {
        int pos = 2;
        while (pos + 4 <= b.Length)
        {
            if (b[pos] != 0xFF) return null;
            byte marker = b[pos + 1];
            if (marker == 0xFF) { pos++; continue; } // fill byte
            if (marker is 0xDA or 0xD9) return null; // image data starts: no EXIF before it
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { pos += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > b.Length) return null;
            var body = b.Slice(pos + 4, length - 2);
            if (marker == 0xE1 && body.StartsWith("Exif\0\0"u8)) return body[6..].ToArray();
            pos += 2 + length;
        }
        return null;
    }

    private static byte[]? FindInPng(ReadOnlySpan<byte> b)
    {
        int pos = 8;
        while (pos + 12 <= b.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(b[pos..]);
            var type = b.Slice(pos + 4, 4);
            if (pos + 12 + length > b.Length) return null;
            if (type.SequenceEqual("eXIf"u8)) return b.Slice(pos + 8, (int)length).ToArray();
            if (type.SequenceEqual("IEND"u8)) return null;
            pos += 12 + (int)length;
        }
        return null;
    }

    /// <summary>The byte positions of a directory's 12-byte entries, or null when it does not fit in the block.</summary>
    private static List<int>? Entries(byte[] b, long ifd, ByteOrder order)
    {
        if (ifd < 8 || ifd + 2 > b.Length) return null;
        int count = order.U16(b, ifd);
        if (ifd + 2 + 12L * count + 4 > b.Length) return null;
        return Enumerable.Range(0, count).Select(i => (int)ifd + 2 + 12 * i).ToList();
    }
}
