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

    /// <summary>JPEG stays JPEG and everything else becomes PNG under <see cref="OutputFormatChoice.Same"/>.</summary>
    public static ImageFormat FormatFor(OutputFormatChoice choice, bool inputIsJpeg) => choice switch
    {
        OutputFormatChoice.Png => ImageFormat.Png,
        OutputFormatChoice.Jpg => ImageFormat.Jpeg,
        _ => inputIsJpeg ? ImageFormat.Jpeg : ImageFormat.Png,
    };

    /// <summary>Writes <paramref name="image"/> atomically, with the EXIF of the input file at <paramref name="source"/>.</summary>
    public void Save(RgbaImage image, string path, ImageFormat format, string source) =>
        ImageEncoder.Save(image, path, format, quality, ExifFor(keepMetadata ? ExifMetadata.Read(source) : null, image));

    /// <summary>Encodes <paramref name="image"/> with the EXIF found in the input's bytes.</summary>
    public byte[] Encode(RgbaImage image, ImageFormat format, ReadOnlySpan<byte> input) =>
        ImageEncoder.Encode(image, format, quality, ExifFor(keepMetadata ? ExifMetadata.Find(input[..Math.Min(input.Length, ExifMetadata.ScanLimit)]) : null, image));

    private static byte[]? ExifFor(byte[]? inputExif, RgbaImage output) =>
        inputExif is null ? null : ExifMetadata.ForOutput(inputExif, output.Width, output.Height);
}
