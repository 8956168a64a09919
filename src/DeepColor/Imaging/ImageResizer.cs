using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Resizes RGBA images with a named filter.</summary>
public static class ImageResizer
{
    /// <summary>
    /// Resamples to <paramref name="width"/>×<paramref name="height"/> (aspect ratio is the caller's concern).
    /// Filtering is done on premultiplied colour so transparent pixels do not bleed their hidden colour.
    /// Shrinking by more than half first halves repeatedly with a box filter. The same size returns a copy.
    /// </summary>
    public static unsafe RgbaImage Resize(RgbaImage image, int width, int height, ResizeFilter filter = ResizeFilter.Mitchell)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var sampling = Sampling(filter);
        if (width == image.Width && height == image.Height)
            return new RgbaImage(width, height, (byte[])image.Pixels.Clone(), image.HasAlpha);

        // Skia's filters have a fixed footprint, so shrinking by more than 2× in one pass would skip
        // source pixels and alias (moiré on fine texture). Halve with a 2×2 box first, then filter.
        if (filter != ResizeFilter.Nearest)
        {
            while (image.Width >= 2 * width || image.Height >= 2 * height)
            {
                int w = Math.Max(width, image.Width / 2), h = Math.Max(height, image.Height / 2);
                if (w == width && h == height) break;
                image = Scale(image, w, h, Sampling(ResizeFilter.Bilinear));
            }
        }
        return Scale(image, width, height, sampling);
    }

    private static unsafe RgbaImage Scale(RgbaImage image, int width, int height, SKSamplingOptions sampling)
    {
        var alpha = image.HasAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque;
        var srcInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha);
        var dstInfo = new SKImageInfo(width, height, SKColorType.Rgba8888, alpha);
        var output = new byte[checked(width * height * 4)];
        bool ok;
        fixed (byte* src = image.Pixels)
        fixed (byte* dst = output)
        {
            using var srcMap = new SKPixmap(srcInfo, (IntPtr)src, srcInfo.RowBytes);
            using var dstMap = new SKPixmap(dstInfo, (IntPtr)dst, dstInfo.RowBytes);
            ok = srcMap.ScalePixels(dstMap, sampling);
        }
        if (!ok) throw new InvalidOperationException($"resize from {image.Width}×{image.Height} to {width}×{height} failed");
        return new RgbaImage(width, height, output, image.HasAlpha);
    }

    internal static SKSamplingOptions Sampling(ResizeFilter filter) => filter switch
    {
        ResizeFilter.Nearest => new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None),
        ResizeFilter.Bilinear => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
        ResizeFilter.Mitchell => new SKSamplingOptions(SKCubicResampler.Mitchell),
        ResizeFilter.CatmullRom => new SKSamplingOptions(SKCubicResampler.CatmullRom),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };
}
