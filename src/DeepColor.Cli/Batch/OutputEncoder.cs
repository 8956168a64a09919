using DeepColor.Imaging;

namespace DeepColor.Cli.Batch;

/// <summary>
/// How a colorized result becomes output bytes: the chosen format and JPEG quality, and the input's EXIF
/// made true of the output (upright, its pixel size, no gray thumbnail) unless metadata is stripped.
/// <c>colorize</c> writes files with it and <c>serve</c> answers requests with it, so both give the same bytes.
/// </summary>
internal sealed class OutputEncoder(int quality, bool keepMetadata)
{
    public int Quality => quality;

    public bool KeepMetadata => keepMetadata;

    /// <summary>
    /// The one rule colorize and serve share: under <see cref="OutputFormatChoice.Same"/> an input we can write
    /// (<paramref name="input"/>: JPEG, PNG, WebP) keeps its format, and anything else (TIFF, BMP, GIF, null) becomes PNG.
    /// </summary>
    public static ImageFormat FormatFor(OutputFormatChoice choice, ImageFormat? input) => choice switch
    {
        OutputFormatChoice.Png => ImageFormat.Png,
        OutputFormatChoice.Jpg => ImageFormat.Jpeg,
        _ => input ?? ImageFormat.Png,
    };

    /// <summary>The writable format a file's leading bytes announce, or null.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ImageFormat.Jpeg
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ImageFormat.Png
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? ImageFormat.Webp
        : null;

    /// <summary>Writes <paramref name="image"/> atomically, with the EXIF of the input file at <paramref name="source"/>.</summary>
    public void Save(RgbaImage image, string path, ImageFormat format, string source) =>
        ImageEncoder.Save(image, path, format, quality, ExifFor(keepMetadata ? ExifMetadata.Read(source) : null, image));

    /// <summary>Encodes <paramref name="image"/> with the EXIF found in the input's bytes.</summary>
    public byte[] Encode(RgbaImage image, ImageFormat format, ReadOnlySpan<byte> input) =>
        ImageEncoder.Encode(image, format, quality, ExifFor(keepMetadata ? ExifMetadata.Find(input[..Math.Min(input.Length, ExifMetadata.ScanLimit)]) : null, image));

    private static byte[]? ExifFor(byte[]? inputExif, RgbaImage output) =>
        inputExif is null ? null : ExifMetadata.ForOutput(inputExif, output.Width, output.Height);
}
