using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Output file formats.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
}

/// <summary>Encodes <see cref="RgbaImage"/> to PNG or JPEG; files are written atomically (temp name, then rename).</summary>
public static class ImageEncoder
{
    public static void Save(RgbaImage image, string path, ImageFormat format, int quality = 92)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = File.Create(temp)) Encode(image, stream, format, quality);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void Encode(RgbaImage image, Stream stream, ImageFormat format, int quality = 92)
    {
        var alpha = image.HasAlpha && format == ImageFormat.Png ? SKAlphaType.Unpremul : SKAlphaType.Opaque;
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha);
        using var pixmap = new SKPixmap();
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(image.Pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            using var px = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = format == ImageFormat.Png
                ? px.Encode(SKPngEncoderOptions.Default)
                : px.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
            if (data is null) throw new IOException($"encoding {format} failed");
            data.SaveTo(stream);
        }
        finally
        {
            handle.Free();
        }
    }
}
