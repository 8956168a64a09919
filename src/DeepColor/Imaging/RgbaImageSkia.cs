using SkiaSharp;

namespace DeepColor.Imaging;

/// <summary>Conversions between <see cref="RgbaImage"/> and SkiaSharp bitmaps, for APIs that accept <see cref="SKBitmap"/>.</summary>
public static class RgbaImageSkia
{
    /// <summary>
    /// A new RGBA8888 unpremultiplied bitmap with the image's pixels (alpha type Opaque when the image has no alpha).
    /// The caller owns and disposes it.
    /// </summary>
    public static SKBitmap ToSKBitmap(this RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, image.HasAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        var bitmap = new SKBitmap(info);
        if (bitmap.RowBytes != info.Width * 4)
        {
            bitmap.Dispose();
            throw new InvalidOperationException($"unexpected row stride {bitmap.RowBytes} for width {info.Width}");
        }
        image.Pixels.AsSpan().CopyTo(bitmap.GetPixelSpan());
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    /// <summary>
    /// Copies any bitmap (any colour type, alpha type or row stride) into an <see cref="RgbaImage"/>, unpremultiplying
    /// when needed. <see cref="RgbaImage.HasAlpha"/> is true only if the bitmap is not opaque and some pixel is translucent.
    /// </summary>
    public static unsafe RgbaImage FromSKBitmap(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.Width <= 0 || bitmap.Height <= 0) throw new ArgumentException("bitmap has no pixels", nameof(bitmap));
        var pixels = new byte[checked(bitmap.Width * bitmap.Height * 4)];
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        bool ok;
        using (var source = bitmap.PeekPixels())
        {
            fixed (byte* p = pixels)
                ok = source is not null && source.ReadPixels(info, (IntPtr)p, info.RowBytes, 0, 0);
        }
        if (!ok) throw new ArgumentException($"cannot convert a {bitmap.ColorType}/{bitmap.AlphaType} bitmap to RGBA", nameof(bitmap));
        bool hasAlpha = bitmap.AlphaType != SKAlphaType.Opaque && AlphaScan.AnyTranslucent(pixels);
        return new RgbaImage(bitmap.Width, bitmap.Height, pixels, hasAlpha);
    }
}
