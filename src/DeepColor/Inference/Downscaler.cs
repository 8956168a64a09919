using DeepColor.Imaging;

namespace DeepColor.Inference;

/// <summary>Brings a full-resolution image to render size without aliasing.</summary>
internal static class Downscaler
{
    /// <summary>
    /// A cubic filter without mipmaps only looks at a 4×4 neighbourhood, so shrinking a 24 MP photo
    /// straight to 256 px aliases badly. A box average by an integer factor first gets within 1.5–3×
    /// of the target, where the Mitchell filter of <see cref="ImageResizer"/> is accurate.
    /// </summary>
    public static RgbaImage Resize(RgbaImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        double ratio = Math.Min((double)image.Width / width, (double)image.Height / height);
        int factor = ratio >= 3 ? (int)(ratio / 1.5) : 1;
        var source = factor > 1 ? BoxReduce(image, factor) : image;
        return ImageResizer.Resize(source, width, height, ResizeFilter.Mitchell);
    }

    internal static RgbaImage BoxReduce(RgbaImage image, int factor)
    {
        int w = image.Width / factor, h = image.Height / factor;
        var output = new RgbaImage(w, h, hasAlpha: image.HasAlpha);
        var src = image.Pixels;
        var dst = output.Pixels;
        int stride = image.Width * 4;
        int area = factor * factor;
        Parallel.For(0, h, y =>
        {
            Span<int> sums = stackalloc int[4];
            for (int x = 0; x < w; x++)
            {
                sums.Clear();
                for (int dy = 0; dy < factor; dy++)
                {
                    int row = (y * factor + dy) * stride + x * factor * 4;
                    for (int dx = 0; dx < factor * 4; dx += 4)
                    {
                        sums[0] += src[row + dx];
                        sums[1] += src[row + dx + 1];
                        sums[2] += src[row + dx + 2];
                        sums[3] += src[row + dx + 3];
                    }
                }
                int o = (y * w + x) * 4;
                for (int c = 0; c < 4; c++) dst[o + c] = (byte)((sums[c] + area / 2) / area);
            }
        });
        return output;
    }
}
