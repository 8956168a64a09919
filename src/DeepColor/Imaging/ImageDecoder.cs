using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Decodes image files and streams into <see cref="RgbaImage"/> with SkiaSharp.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes a file. Every failure is an <see cref="ImageLoadException"/> naming the file.</summary>
    public static RgbaImage Load(string path, ImageLoadOptions? options = null)
    {
        if (!File.Exists(path)) throw new ImageLoadException(path, ImageLoadFailure.NotFound, "file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ImageLoadException(path, ImageLoadFailure.NotFound, "cannot read file: " + e.Message, e); }
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes bytes; <paramref name="name"/> is used in error messages.</summary>
    public static RgbaImage Decode(ReadOnlySpan<byte> bytes, string name, ImageLoadOptions? options = null)
    {
        options ??= ImageLoadOptions.Default;
        if (bytes.IsEmpty) throw new ImageLoadException(name, ImageLoadFailure.Empty, "file is empty");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        if (codec is null)
            throw new ImageLoadException(name, ImageLoadFailure.NotAnImage, $"not a supported image ({result})");
        var info = codec.Info;
        long pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "image header has no size");
        if (pixels > options.MaxPixels)
            throw new ImageLoadException(name, ImageLoadFailure.TooLarge, $"{info.Width}×{info.Height} exceeds the limit of {options.MaxPixels:N0} pixels");

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(target);
        var decode = codec.GetPixels(target, bitmap.GetPixels());
        if (decode is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, $"cannot decode ({decode})");
        if (decode == SKCodecResult.IncompleteInput)
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, "file is truncated");

        bool hasAlpha = info.AlphaType != SKAlphaType.Opaque;
        using var oriented = options.ApplyOrientation ? Orientation.Apply(bitmap, codec.EncodedOrigin) : bitmap.Copy();
        var image = new RgbaImage(oriented.Width, oriented.Height, oriented.Bytes, hasAlpha);
        return image;
    }
}
