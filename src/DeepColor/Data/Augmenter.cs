using DeepColor.Imaging;
using SkiaSharp;

namespace DeepColor.Data;

/// <summary>Renders one square training view of an image: random crop/zoom, rotation, shear and flip in a single resample.</summary>
internal static class Augmenter
{
    public static RgbaImage Render(RgbaImage source, int size, AugmentOptions options, ref DeterministicRandom rng)
    {
        int shorter = Math.Min(source.Width, source.Height);
        double crop = shorter * (1 - rng.NextDouble() * options.Zoom);
        double cx = source.Width / 2.0, cy = source.Height / 2.0;
        if (options.RandomCrop)
        {
            cx = crop / 2 + rng.NextDouble() * (source.Width - crop);
            cy = crop / 2 + rng.NextDouble() * (source.Height - crop);
        }
        float angle = (float)rng.Symmetric(options.RotationDegrees);
        float shear = (float)rng.Symmetric(options.Shear);
        bool flip = options.HorizontalFlip && rng.NextDouble() < 0.5;

        // Matrix from output pixels to source pixels, built step by step from the output centre.
        var toSource = SKMatrix.CreateTranslation(-size / 2f, -size / 2f);
        if (flip) toSource = toSource.PostConcat(SKMatrix.CreateScale(-1, 1));
        toSource = toSource.PostConcat(SKMatrix.CreateScale((float)(crop / size), (float)(crop / size)));
        if (shear != 0) toSource = toSource.PostConcat(SKMatrix.CreateSkew(shear, 0));
        if (angle != 0) toSource = toSource.PostConcat(SKMatrix.CreateRotationDegrees(angle));
        toSource = toSource.PostConcat(SKMatrix.CreateTranslation((float)cx, (float)cy));
        if (!toSource.TryInvert(out var toOutput)) toOutput = SKMatrix.Identity;

        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(source.Pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var image = SKImage.FromPixels(pixmap);
            // Clamp tiling repeats edge pixels into rotated corners, like Keras' fill_mode="nearest".
            using var shader = image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), toOutput);
            var outInfo = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using var bitmap = new SKBitmap(outInfo);
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { Shader = shader, BlendMode = SKBlendMode.Src })
                canvas.DrawRect(0, 0, size, size, paint);
            return new RgbaImage(size, size, bitmap.Bytes, hasAlpha: false);
        }
        finally
        {
            handle.Free();
        }
    }
}
