using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Encodes <see cref="RgbaImage"/> to PNG, JPEG or WebP; files are written atomically (temp name, then rename).</summary>
public static class ImageEncoder
{
    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="path"/>, creating the folder. A reader never sees a
    /// half-written file: the bytes go to a temporary file in the same folder that is then renamed.
    /// <paramref name="quality"/> is the JPEG or WebP quality, 1–100, and is ignored for PNG. <paramref name="exif"/>, when
    /// given, is embedded as is (see <see cref="ExifMetadata.ForOutput"/> to make an input's block fit the output).
    /// </summary>
    public static void Save(RgbaImage image, string path, ImageFormat format, int quality = 92, byte[]? exif = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckQuality(quality);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = TemporaryFiles.For(path);
        try
        {
            using (var stream = File.Create(temp))
            {
                if (exif is null) Encode(image, stream, format, quality);
                else stream.Write(Encode(image, format, quality, exif));
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Encodes to a stream. PNG and WebP keep alpha when <see cref="RgbaImage.HasAlpha"/>; PNG is lossless, WebP lossy;
    /// JPEG drops alpha and uses 4:2:0 chroma subsampling.
    /// </summary>
    public static unsafe void Encode(RgbaImage image, Stream stream, ImageFormat format, int quality = 92)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(stream);
        CheckQuality(quality);
        var alpha = image.HasAlpha && format != ImageFormat.Jpeg ? SKAlphaType.Unpremul : SKAlphaType.Opaque;
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha);
        fixed (byte* pixels = image.Pixels)
        {
            using var px = new SKPixmap(info, (IntPtr)pixels, info.RowBytes);
            using var data = format switch
            {
                ImageFormat.Png => px.Encode(SKPngEncoderOptions.Default),
                ImageFormat.Jpeg => px.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
                ImageFormat.Webp => px.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
            };
            if (data is null) throw new IOException($"encoding {image.Width}×{image.Height} as {format} failed");
            data.SaveTo(stream);
        }
    }

    /// <summary>Encodes to a new byte array.</summary>
    public static byte[] Encode(RgbaImage image, ImageFormat format, int quality = 92)
    {
        using var stream = new MemoryStream();
        Encode(image, stream, format, quality);
        return stream.ToArray();
    }

    /// <summary>Encodes to a new byte array with <paramref name="exif"/> embedded as is, when given (as <see cref="Save"/> writes it).</summary>
    public static byte[] Encode(RgbaImage image, ImageFormat format, int quality, byte[]? exif)
    {
        var encoded = Encode(image, format, quality);
        return exif is null ? encoded : ExifMetadata.Embed(encoded, format, exif);
    }

    private static void CheckQuality(int quality)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG/WebP quality must be 1–100");
    }
}
