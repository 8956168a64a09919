namespace DeepColor.Imaging.Tiff;

/// <summary>
/// The tags of a TIFF file's first image (its first IFD) that decoding needs, read from the header.
/// Later pages of a multi-page file are ignored: a scan holds one photo, and a colorized file has one page.
/// </summary>
internal sealed record TiffDirectory
{
    public required bool BigEndian { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int BitsPerSample { get; init; }
    public required int SamplesPerPixel { get; init; }
    public required int Compression { get; init; }
    public required int Photometric { get; init; }
    public required bool Planar { get; init; }
    public required int Predictor { get; init; }
    public required int Orientation { get; init; }
    /// <summary>ExtraSamples' first value: 1 = premultiplied alpha, 2 = straight alpha, 0 or absent = not alpha.</summary>
    public required int ExtraSample { get; init; }
    public required ushort[]? ColorMap { get; init; }
    /// <summary>Tiles are stored whole even at the image's edges; the last strip holds only the rows left.</summary>
    public required bool Tiled { get; init; }
    /// <summary>Strip or tile size in pixels; strips are as wide as the image.</summary>
    public required int ChunkWidth { get; init; }
    public required int ChunkHeight { get; init; }
    public required long[] ChunkOffsets { get; init; }
    public required long[]? ChunkByteCounts { get; init; }

    private const ushort TagWidth = 256, TagHeight = 257, TagBits = 258, TagCompression = 259, TagPhotometric = 262,
        TagFillOrder = 266, TagStripOffsets = 273, TagOrientation = 274, TagSamples = 277, TagRowsPerStrip = 278,
        TagStripByteCounts = 279, TagPlanar = 284, TagPredictor = 317, TagColorMap = 320, TagTileWidth = 322,
        TagTileLength = 323, TagTileOffsets = 324, TagTileByteCounts = 325, TagExtraSamples = 338, TagSampleFormat = 339;

    /// <summary>True when the bytes start with a classic TIFF header, either byte order.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && (b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8));

    /// <summary>True for a BigTIFF header (64-bit offsets), which is recognised but not read.</summary>
    public static bool HasBigTiffSignature(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && (b.StartsWith("II+\0"u8) || b.StartsWith("MM\0+"u8));

    public static TiffDirectory Read(ReadOnlySpan<byte> file)
    {
        if (HasBigTiffSignature(file)) throw TiffException.Unsupported("BigTIFF");
        if (!HasSignature(file)) throw TiffException.Corrupt("no TIFF header");
        if (file.Length < 8) throw TiffException.Truncated("header");
        bool big = file[0] == (byte)'M';
        var tags = ReadTags(file, new ByteOrder(big));

        int width = ToInt(Single(tags, TagWidth) ?? throw TiffException.Corrupt("no image width"), "image width");
        int height = ToInt(Single(tags, TagHeight) ?? throw TiffException.Corrupt("no image height"), "image height");
        if (width <= 0 || height <= 0) throw TiffException.Corrupt("image has no size");
        int samples = (int)(Single(tags, TagSamples) ?? 1);
        if (samples is < 1 or > 16) throw TiffException.Corrupt($"{samples} samples per pixel");

        long[] bits = tags.GetValueOrDefault(TagBits) ?? [1];
        if (bits.Any(b => b != bits[0])) throw TiffException.Unsupported($"mixed bit depths ({string.Join("/", bits)})");
        if (tags.GetValueOrDefault(TagSampleFormat) is { } formats && formats.Any(f => f != 1))
            throw TiffException.Unsupported(formats.Contains(3) ? "floating-point samples" : "signed samples");
        // Fill order 2 (bits stored least significant first) is a fax-machine habit that libtiff itself
        // handles unevenly across codecs; refusing it beats guessing.
        if ((Single(tags, TagFillOrder) ?? 1) != 1) throw TiffException.Unsupported("fill order 2 (least significant bit first)");

        bool tiled = tags.ContainsKey(TagTileOffsets);
        long[] offsets = tags.GetValueOrDefault(tiled ? TagTileOffsets : TagStripOffsets)
            ?? throw TiffException.Corrupt("no strip or tile offsets");
        long[]? counts = tags.GetValueOrDefault(tiled ? TagTileByteCounts : TagStripByteCounts);
        int chunkWidth = width, chunkHeight;
        if (tiled)
        {
            chunkWidth = ToInt(Single(tags, TagTileWidth) ?? 0, "tile width");
            chunkHeight = ToInt(Single(tags, TagTileLength) ?? 0, "tile length");
            if (chunkWidth <= 0 || chunkHeight <= 0) throw TiffException.Corrupt("tile size");
            // Tiles may overhang the image (their sides are multiples of 16), but not by more than a tile's worth of
            // padding; a wild size would only make the reader allocate a huge buffer for a tiny picture.
            if (chunkWidth > width + 4096 || chunkHeight > height + 4096) throw TiffException.Corrupt($"{chunkWidth}×{chunkHeight} tiles for a {width}×{height} image");
        }
        else
        {
            long rows = Single(tags, TagRowsPerStrip) ?? uint.MaxValue;
            chunkHeight = (int)Math.Clamp(rows, 1, height);
        }

        return new TiffDirectory
        {
            BigEndian = big,
            Width = width,
            Height = height,
            BitsPerSample = (int)bits[0],
            SamplesPerPixel = samples,
            Compression = (int)(Single(tags, TagCompression) ?? 1),
            Photometric = (int)(Single(tags, TagPhotometric) ?? (samples >= 3 ? 2 : 1)),
            Planar = (Single(tags, TagPlanar) ?? 1) == 2,
            Predictor = (int)(Single(tags, TagPredictor) ?? 1),
            Orientation = (int)(Single(tags, TagOrientation) ?? 1),
            ExtraSample = (int)(Single(tags, TagExtraSamples) ?? 0),
            ColorMap = tags.GetValueOrDefault(TagColorMap)?.Select(v => (ushort)v).ToArray(),
            Tiled = tiled,
            ChunkWidth = chunkWidth,
            ChunkHeight = chunkHeight,
            ChunkOffsets = offsets,
            ChunkByteCounts = counts,
        };
    }

    private static long? Single(Dictionary<ushort, long[]> tags, ushort tag) =>
        tags.TryGetValue(tag, out var v) && v.Length > 0 ? v[0] : null;

    private static int ToInt(long v, string what) =>
        v is >= 0 and <= int.MaxValue ? (int)v : throw TiffException.Corrupt(what);

    /// <summary>Reads every integer-valued tag of the first IFD; other types (text, rationals) are skipped.</summary>
    private static Dictionary<ushort, long[]> ReadTags(ReadOnlySpan<byte> file, ByteOrder order)
    {
        long ifd = order.U32(file, 4);
        if (ifd < 8 || ifd + 2 > file.Length) throw TiffException.Truncated("first directory is past the end");
        int count = order.U16(file, ifd);
        if (ifd + 2 + 12L * count > file.Length) throw TiffException.Truncated("directory runs past the end");

        var tags = new Dictionary<ushort, long[]>();
        for (int i = 0; i < count; i++)
        {
            int e = (int)ifd + 2 + 12 * i;
            ushort tag = order.U16(file, e);
            int type = order.U16(file, e + 2);
            long n = order.U32(file, e + 4);
            int size = type switch { 1 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 => 4, _ => 0 };
            if (size == 0 || n == 0) continue;
            if (n > file.Length) throw TiffException.Corrupt($"tag {tag} claims {n} values");
            long at = n * size <= 4 ? e + 8 : order.U32(file, e + 8);
            if (at + n * size > file.Length) throw TiffException.Truncated($"tag {tag}'s values are past the end");
            var values = new long[n];
            for (int k = 0; k < n; k++)
            {
                int p = (int)(at + (long)k * size);
                values[k] = type switch
                {
                    1 or 7 => file[p],
                    6 => (sbyte)file[p],
                    3 => order.U16(file, p),
                    8 => (short)order.U16(file, p),
                    4 => order.U32(file, p),
                    _ => (int)order.U32(file, p),
                };
            }
            tags[tag] = values;
        }
        return tags;
    }
}
