using DeepColor.Imaging.Tiff;
using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>
/// Decodes image files and streams into <see cref="RgbaImage"/> with SkiaSharp: JPEG (including CMYK),
/// PNG (grey, palette, 16-bit, alpha), WebP, BMP, GIF (first frame), ICO, WBMP, and TIFF through our own reader
/// (<see cref="TiffDecoder"/>, first page). Colour-managed files are
/// converted to sRGB, EXIF orientation is applied, and every failure is an <see cref="ImageLoadException"/>.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes a file. Every failure is an <see cref="ImageLoadException"/> naming the file.</summary>
    public static RgbaImage Load(string path, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ImageLoadException(path, ImageLoadFailure.NotFound, "file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ImageLoadException(path, ImageLoadFailure.Unreadable, "cannot read file: " + e.Message, e); }
        return Decode(bytes, path, options);
    }

    /// <summary>
    /// Decodes everything remaining in <paramref name="stream"/> (it need not be seekable and is not closed);
    /// <paramref name="name"/> is used in error messages.
    /// </summary>
    public static RgbaImage Load(Stream stream, string name, ImageLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        byte[] bytes;
        try
        {
            using var buffer = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException or OverflowException)
        {
            throw new ImageLoadException(name, ImageLoadFailure.Unreadable, "cannot read stream: " + e.Message, e);
        }
        return Decode(bytes, name, options);
    }

    /// <summary>Decodes bytes; <paramref name="name"/> is used in error messages.</summary>
    public static unsafe RgbaImage Decode(ReadOnlySpan<byte> bytes, string name, ImageLoadOptions? options = null)
    {
        options ??= ImageLoadOptions.Default;
        if (bytes.IsEmpty) throw new ImageLoadException(name, ImageLoadFailure.Empty, "file is empty");
        if (TiffDecoder.IsTiff(bytes)) return TiffDecoder.Decode(bytes, name, options);
        fixed (byte* p = bytes)
        {
            // Skia reads the caller's buffer in place; it stays pinned until decoding has finished.
            using var data = SKData.Create((IntPtr)p, bytes.Length);
            using var stream = new SKMemoryStream(data);
            using var codec = SKCodec.Create(stream, out var result)
                ?? throw CodecFailure(name, bytes, result);
            try
            {
                return Decode(codec, name, options);
            }
            catch (Exception e) when (e is not ImageLoadException and not OutOfMemoryException)
            {
                throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "decoder failed: " + e.Message, e);
            }
        }
    }

    private static unsafe RgbaImage Decode(SKCodec codec, string name, ImageLoadOptions options)
    {
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "image header has no size");
        // The guard runs on the header alone, before any pixel memory is allocated.
        CheckSize(name, info.Width, info.Height, options);
        long pixels = (long)info.Width * info.Height;

        // Converting to sRGB keeps wide-gamut (Display P3, Adobe RGB) and CMYK files consistent with the Lab maths, which assumes sRGB.
        using var srgb = SKColorSpace.CreateSrgb();
        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, srgb);
        var buffer = new byte[pixels * 4];
        SKCodecResult decode;
        fixed (byte* dst = buffer)
            decode = codec.GetPixels(target, (IntPtr)dst);
        switch (decode)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageLoadException(name, ImageLoadFailure.Truncated, "file is truncated");
            case SKCodecResult.ErrorInInput:
                throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "image data is corrupt");
            case SKCodecResult.InvalidConversion or SKCodecResult.Unimplemented or SKCodecResult.InvalidScale:
                throw new ImageLoadException(name, ImageLoadFailure.Unsupported, $"this {codec.EncodedFormat} variant cannot be decoded ({decode})");
            default:
                throw new ImageLoadException(name, ImageLoadFailure.Corrupt, $"cannot decode ({decode})");
        }

        return Finish(buffer, info.Width, info.Height, info.AlphaType != SKAlphaType.Opaque, codec.EncodedOrigin, options);
    }

    /// <summary>Refuses a size over the caller's pixel limit or beyond one array; every decoder calls it before allocating pixels.</summary>
    internal static void CheckSize(string name, int width, int height, ImageLoadOptions options)
    {
        long pixels = (long)width * height;
        if (pixels > options.MaxPixels)
            throw new ImageLoadException(name, ImageLoadFailure.TooLarge, $"{width}×{height} exceeds the limit of {options.MaxPixels:N0} pixels");
        if (pixels * 4 > Array.MaxLength)
            throw new ImageLoadException(name, ImageLoadFailure.TooLarge, $"{width}×{height} is too large for one in-memory image");
    }

    /// <summary>Wraps decoded RGBA in display order: notes real translucency and applies the stored orientation if asked.</summary>
    internal static RgbaImage Finish(byte[] rgba, int width, int height, bool mayHaveAlpha, SKEncodedOrigin origin, ImageLoadOptions options)
    {
        bool hasAlpha = mayHaveAlpha && AlphaScan.AnyTranslucent(rgba);
        if (!options.ApplyOrientation || origin == SKEncodedOrigin.TopLeft)
            return new RgbaImage(width, height, rgba, hasAlpha);
        var (oriented, w, h) = Orientation.Apply(rgba, width, height, origin);
        return new RgbaImage(w, h, oriented, hasAlpha);
    }

    /// <summary>Explains why Skia found no codec, telling a damaged image apart from something that is not an image at all.</summary>
    private static ImageLoadException CodecFailure(string name, ReadOnlySpan<byte> bytes, SKCodecResult result)
    {
        string? format = SniffFormat(bytes);
        if (format is null)
            return new ImageLoadException(name, ImageLoadFailure.NotAnImage, "not a supported image format");
        return result == SKCodecResult.IncompleteInput
            ? new ImageLoadException(name, ImageLoadFailure.Truncated, $"{format} file is truncated before the end of its header")
            : new ImageLoadException(name, ImageLoadFailure.Corrupt, $"{format} header is invalid ({result})");
    }

    /// <summary>The format named by the file's magic number, or null.</summary>
    internal static string? SniffFormat(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "PNG";
        if (b.StartsWith("GIF8"u8)) return "GIF";
        if (b.StartsWith("BM"u8)) return "BMP";
        if (TiffDecoder.IsTiff(b)) return "TIFF";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8)) return "WebP";
        return null;
    }
}
