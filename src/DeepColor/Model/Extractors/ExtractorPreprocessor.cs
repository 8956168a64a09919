using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Turns an image into one extractor input (C·H·W floats in the cfg's layout), driven only by an <see cref="ExtractorCfg"/>:
/// gray from L*, resize (stretch or shorter side + centre crop), map to range, normalise, lay out.
/// </summary>
public sealed class ExtractorPreprocessor
{
    private readonly float[][] _lut;
    private readonly int[] _sourceChannel;

    public ExtractorPreprocessor(ExtractorCfg cfg)
    {
        cfg.Validate();
        Cfg = cfg;
        float scale = cfg.Range == PixelRange.Unit ? 1f / 255f : 1f;
        // Each output channel depends on one byte only, so the whole affine map is a 256-entry table per channel.
        _lut = new float[cfg.Channels][];
        for (int c = 0; c < cfg.Channels; c++)
        {
            _lut[c] = new float[256];
            for (int v = 0; v < 256; v++) _lut[c][v] = (v * scale - cfg.Mean[c]) / cfg.Std[c];
        }
        _sourceChannel = cfg.Channels == 1 ? [0]
            : cfg.ChannelOrder == ChannelOrder.Rgb ? [0, 1, 2] : [2, 1, 0];
    }

    public ExtractorCfg Cfg { get; }

    /// <summary>Floats per image: C·H·W.</summary>
    public int ElementCount => Cfg.Channels * Cfg.Height * Cfg.Width;

    /// <summary>Prepares one image into a new array.</summary>
    /// <param name="image">Any size; alpha is ignored.</param>
    /// <param name="grayInput">True (the default) reduces the image to its L* first, as the colorizer sees it; false keeps colour.</param>
    public float[] Prepare(RgbaImage image, bool grayInput = true)
    {
        var data = new float[ElementCount];
        PrepareInto(image, data, grayInput);
        return data;
    }

    /// <summary>Prepares one image into <paramref name="destination"/> (exactly <see cref="ElementCount"/> floats).</summary>
    public void PrepareInto(RgbaImage image, Span<float> destination, bool grayInput = true)
    {
        if (destination.Length != ElementCount)
            throw new ArgumentException($"destination holds {destination.Length} floats, {ElementCount} needed", nameof(destination));
        var sized = Resize(grayInput ? ToLuminanceGray(image) : image);
        Normalize(sized, destination);
    }

    /// <summary>
    /// The gray picture the colorizer's L channel stands for: L* of each pixel, shown back as sRGB with a* = b* = 0,
    /// so an extractor fed with it sees exactly the information the colorizer has. Alpha becomes opaque.
    /// </summary>
    public static RgbaImage ToLuminanceGray(RgbaImage image)
    {
        int n = image.PixelCount;
        var l = new float[n];
        var ab = new float[n];
        LabConverter.RgbToLab(image.Pixels, 4, l, ab, new float[n]);
        Array.Clear(ab);
        var gray = new RgbaImage(image.Width, image.Height);
        LabConverter.LabToRgb(l, ab, ab, gray.Pixels, 4);
        var px = gray.Pixels;
        for (int i = 3; i < px.Length; i += 4) px[i] = 255;
        return gray;
    }

    /// <summary>Brings an image to the cfg's width×height by its resize mode, crop and interpolation.</summary>
    public RgbaImage Resize(RgbaImage image)
    {
        int w = Cfg.Width, h = Cfg.Height;
        if (Cfg.ResizeMode == ResizeMode.Stretch) return ResizeTo(image, w, h, Cfg.Interpolation);

        // Scale so the image covers the crop window enlarged by 1/crop_pct (shorter side for a square input).
        double scale = Math.Max(w / Cfg.CropPct / image.Width, h / Cfg.CropPct / image.Height);
        int sw = Math.Max(w, (int)Math.Round(image.Width * scale));
        int sh = Math.Max(h, (int)Math.Round(image.Height * scale));
        var scaled = ResizeTo(image, sw, sh, Cfg.Interpolation);
        return CenterCrop(scaled, w, h);
    }

    internal static RgbaImage ResizeTo(RgbaImage image, int width, int height, ResizeFilter filter)
    {
        // Skia's filters use a fixed-size kernel, so large reductions alias; halving with bilinear
        // sampling averages 2×2 blocks exactly, which keeps the final, cfg-chosen filter within its 2× comfort zone.
        while (image.Width >= 2 * width && image.Height >= 2 * height)
            image = ImageResizer.Resize(image, image.Width / 2, image.Height / 2, ResizeFilter.Bilinear);
        return image.Width == width && image.Height == height ? image : ImageResizer.Resize(image, width, height, filter);
    }

    internal static RgbaImage CenterCrop(RgbaImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        int left = (int)Math.Round((image.Width - width) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((image.Height - height) / 2.0, MidpointRounding.ToEven);
        var crop = new RgbaImage(width, height, hasAlpha: image.HasAlpha);
        for (int y = 0; y < height; y++)
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * 4, crop.Pixels, y * width * 4, width * 4);
        return crop;
    }

    private void Normalize(RgbaImage sized, Span<float> destination)
    {
        int c = Cfg.Channels, plane = Cfg.Height * Cfg.Width;
        var px = sized.Pixels;
        bool planar = Cfg.Layout == TensorLayout.Nchw;
        for (int ch = 0; ch < c; ch++)
        {
            var lut = _lut[ch];
            int src = _sourceChannel[ch];
            for (int i = 0; i < plane; i++)
                destination[planar ? ch * plane + i : i * c + ch] = lut[px[i * 4 + src]];
        }
    }
}
