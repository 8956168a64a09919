using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Resampling filters offered by <see cref="ImageResizer"/>.</summary>
public enum ResizeFilter
{
    Nearest,
    Bilinear,
    Mitchell,
    CatmullRom,
}

/// <summary>Resizes RGBA images with a named filter.</summary>
public static class ImageResizer
{
    public static RgbaImage Resize(RgbaImage image, int width, int height, ResizeFilter filter = ResizeFilter.Mitchell)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var src = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, src.GetPixels(), image.Pixels.Length);
        using var dst = src.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), Sampling(filter))
            ?? throw new InvalidOperationException($"resize to {width}×{height} failed");
        return new RgbaImage(width, height, dst.Bytes, image.HasAlpha);
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
