using SkiaSharp;

namespace DeepColor.Imaging.Tiff;

/// <summary>
/// Reads the first image of a TIFF file into RGBA. SkiaSharp has no TIFF codec, and scans of old prints,
/// the photos people most want colorized, very often come as TIFF.
/// </summary>
/// <remarks>
/// Covers baseline TIFF and the common extensions: uncompressed, LZW, Deflate and PackBits; strips or
/// tiles; chunky or planar samples; the horizontal predictor; grey, palette, RGB and CMYK at up to 16 bits;
/// straight or premultiplied alpha; the orientation tag. Refused with a reason: BigTIFF, JPEG- and
/// fax-compressed TIFF, floating-point samples, YCbCr and Lab. An embedded ICC profile is ignored, so
/// colour is read as sRGB.
/// </remarks>
internal static class TiffDecoder
{
    public static bool IsTiff(ReadOnlySpan<byte> bytes) =>
        TiffDirectory.HasSignature(bytes) || TiffDirectory.HasBigTiffSignature(bytes);

    public static RgbaImage Decode(ReadOnlySpan<byte> bytes, string name, ImageLoadOptions options)
    {
        try
        {
            return DecodeCore(bytes, name, options);
        }
        catch (TiffException e)
        {
            throw new ImageLoadException(name, e.Failure, e.Message, e);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            // Offsets and counts that contradict each other in ways the checks above did not foresee.
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "TIFF data is corrupt (" + e.Message + ")", e);
        }
    }

    private static RgbaImage DecodeCore(ReadOnlySpan<byte> bytes, string name, ImageLoadOptions options)
    {
        var d = TiffDirectory.Read(bytes);
        ImageDecoder.CheckSize(name, d.Width, d.Height, options);
        if (TiffDecompressor.UnsupportedName(d.Compression) is { } compression)
            throw TiffException.Unsupported(compression);
        TiffPixels.CheckDepth(d);
        if (d.Predictor is not (1 or 2)) throw TiffException.Unsupported(d.Predictor == 3 ? "the floating-point predictor" : $"predictor {d.Predictor}");
        if (d.Predictor == 2 && d.BitsPerSample is not (8 or 16)) throw TiffException.Unsupported($"the horizontal predictor on {d.BitsPerSample}-bit samples");

        int planeCount = d.Planar ? d.SamplesPerPixel : 1;
        int samplesPerChunkPixel = d.Planar ? 1 : d.SamplesPerPixel;
        int rowBytes = RowBytes(d.Width, samplesPerChunkPixel, d.BitsPerSample);
        if ((long)rowBytes * d.Height > Array.MaxLength)
            throw new ImageLoadException(name, ImageLoadFailure.TooLarge, $"{d.Width}×{d.Height} at {d.BitsPerSample} bits is too large for one in-memory image");
        var planes = new byte[planeCount][];
        for (int p = 0; p < planeCount; p++) planes[p] = new byte[rowBytes * d.Height];
        ReadChunks(bytes, d, planes, rowBytes, samplesPerChunkPixel);

        var rgba = TiffPixels.ToRgba(d, planes, rowBytes);
        var origin = d.Orientation is >= 1 and <= 8 ? (SKEncodedOrigin)d.Orientation : SKEncodedOrigin.TopLeft;
        return ImageDecoder.Finish(rgba, d.Width, d.Height, mayHaveAlpha: true, origin, options);
    }

    private static int RowBytes(int width, int samples, int bits)
    {
        long bytes = ((long)width * samples * bits + 7) / 8;
        return bytes <= int.MaxValue ? (int)bytes : throw TiffException.Unsupported("rows over 2 GB");
    }

    /// <summary>Expands every strip or tile and copies its rows into place in the planes.</summary>
    private static void ReadChunks(ReadOnlySpan<byte> file, TiffDirectory d, byte[][] planes, int rowBytes, int samplesPerChunkPixel)
    {
        int across = (int)(((long)d.Width + d.ChunkWidth - 1) / d.ChunkWidth);
        int down = (int)(((long)d.Height + d.ChunkHeight - 1) / d.ChunkHeight);
        long perPlane = (long)across * down;
        if (d.ChunkOffsets.Length < perPlane * planes.Length)
            throw TiffException.Corrupt($"{d.ChunkOffsets.Length} strips or tiles where {perPlane * planes.Length} are needed");
        int chunkRowBytes = RowBytes(d.ChunkWidth, samplesPerChunkPixel, d.BitsPerSample);
        var chunk = new byte[(long)chunkRowBytes * d.ChunkHeight];

        for (int p = 0; p < planes.Length; p++)
        for (int cy = 0; cy < down; cy++)
        for (int cx = 0; cx < across; cx++)
        {
            int index = (int)(p * perPlane + (long)cy * across + cx);
            // A strip at the bottom holds only the rows that remain; a tile is always stored whole.
            int rows = d.Tiled ? d.ChunkHeight : Math.Min(d.ChunkHeight, d.Height - cy * d.ChunkHeight);
            var expected = chunk.AsSpan(0, chunkRowBytes * rows);
            var data = ChunkData(file, d, index, expected.Length);
            if (!TiffDecompressor.Expand(d.Compression, data, expected))
                throw TiffException.Truncated($"{(d.Tiled ? "tile" : "strip")} {index} ends early");
            if (d.Predictor == 2) UndoHorizontalPredictor(expected, chunkRowBytes, samplesPerChunkPixel, d.BitsPerSample, d.BigEndian);

            int xByte = (int)((long)cx * d.ChunkWidth * samplesPerChunkPixel * d.BitsPerSample / 8);
            int copy = Math.Min(chunkRowBytes, rowBytes - xByte);
            for (int r = 0; r < rows; r++)
            {
                int y = cy * d.ChunkHeight + r;
                if (y >= d.Height) break;
                expected.Slice(r * chunkRowBytes, copy).CopyTo(planes[p].AsSpan(y * rowBytes + xByte, copy));
            }
        }
    }

    private static ReadOnlySpan<byte> ChunkData(ReadOnlySpan<byte> file, TiffDirectory d, int index, int expectedBytes)
    {
        long offset = d.ChunkOffsets[index];
        long count = d.ChunkByteCounts is { } counts && index < counts.Length ? counts[index]
            : d.Compression == TiffDecompressor.None ? expectedBytes
            : throw TiffException.Corrupt("compressed data without byte counts");
        if (offset < 0 || offset >= file.Length) throw TiffException.Truncated($"data of strip or tile {index} is past the end");
        // A cut-short file keeps what it has; the expansion then reports the missing rows.
        return file.Slice((int)offset, (int)Math.Min(count, file.Length - offset));
    }

    /// <summary>Predictor 2 stores each sample as the difference from the same sample of the pixel to its left.</summary>
    private static void UndoHorizontalPredictor(Span<byte> chunk, int rowBytes, int samplesPerPixel, int bits, bool bigEndian)
    {
        for (int start = 0; start + rowBytes <= chunk.Length; start += rowBytes)
        {
            var row = chunk.Slice(start, rowBytes);
            if (bits == 8)
            {
                for (int i = samplesPerPixel; i < row.Length; i++) row[i] += row[i - samplesPerPixel];
                continue;
            }
            var order = new ByteOrder(bigEndian);
            int count = row.Length / 2;
            for (int i = samplesPerPixel; i < count; i++)
                order.W16(row, 2 * i, (ushort)(order.U16(row, 2 * (i - samplesPerPixel)) + order.U16(row, 2 * i)));
        }
    }
}
