using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Inference;

/// <summary>
/// The full-resolution pass: keeps the original L*, adds a*b* upsampled bilinearly from render size,
/// converts to sRGB and copies alpha, all in one sweep over rows.
/// </summary>
/// <remarks>
/// Fusing the steps per row means no full-size float planes are ever allocated: at 24 MP each plane
/// would be 96 MB, and three of them plus the output would dominate peak memory.
/// The same sweep measures the input's chroma (on every 4th row), so detecting colour input costs almost nothing.
/// </remarks>
internal static class LabCompositor
{
    /// <summary>A pixel counts as coloured above this C*.</summary>
    public const float ColouredPixelChroma = 10f;

    /// <summary>Mean C* above which the input is called colour.</summary>
    public const double ColourMeanChroma = 3.0;

    /// <summary>Share of coloured pixels above which the input is called colour.</summary>
    public const double ColourPixelShare = 0.01;

    // Chroma is measured on every 4th row: plenty of samples, and the other rows need only L*.
    private const int ChromaRowStride = 4;

    /// <summary>
    /// <c>abNorm</c> holds planar a*/128 then b*/128 at render size; <c>destination</c> has the source's
    /// size and may be the source itself (each row is read before it is written).
    /// </summary>
    public static ChromaStats Compose(RgbaImage source, float[] abNorm, int renderWidth, int renderHeight, RgbaImage destination, CancellationToken cancellationToken)
    {
        int width = source.Width, height = source.Height;
        if (destination.Width != width || destination.Height != height)
            throw new ArgumentException("destination must have the source's size", nameof(destination));
        int planeLength = renderWidth * renderHeight;
        if (abNorm.Length != 2 * planeLength)
            throw new ArgumentException($"expected {2 * planeLength} a*b* values for {renderWidth}×{renderHeight}, got {abNorm.Length}", nameof(abNorm));

        var columns = new BilinearAxis(renderWidth, width);
        double rowScale = (double)renderHeight / height;
        bool copyAlpha = !ReferenceEquals(source, destination);
        bool keepAlpha = source.HasAlpha;
        var src = source.Pixels;
        var dst = destination.Pixels;
        long totalColoured = 0;
        double totalChroma = 0;
        var gate = new Lock();

        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, height, options, () => new RowScratch(width, renderWidth), (y, _, s) =>
        {
            var srcRow = src.AsSpan(y * width * 4, width * 4);
            if (y % ChromaRowStride == 0)
            {
                LabConverter.RgbToLab(srcRow, 4, s.L, s.A, s.B);
                s.MeasureChroma();
            }
            else
            {
                FastLab.Lightness(srcRow, s.L);
            }

            var (y0, y1, wy) = BilinearAxis.Tap(y, rowScale, renderHeight);
            BlendRows(abNorm.AsSpan(y0 * renderWidth, renderWidth), abNorm.AsSpan(y1 * renderWidth, renderWidth), wy, s.RenderA);
            BlendRows(abNorm.AsSpan(planeLength + y0 * renderWidth, renderWidth), abNorm.AsSpan(planeLength + y1 * renderWidth, renderWidth), wy, s.RenderB);
            Interpolate(s.RenderA, columns, s.A);
            Interpolate(s.RenderB, columns, s.B);

            var dstRow = dst.AsSpan(y * width * 4, width * 4);
            FastLab.ToRgb(s.L, s.A, s.B, dstRow);
            if (copyAlpha)
            {
                if (keepAlpha)
                    for (int p = 3; p < dstRow.Length; p += 4) dstRow[p] = srcRow[p];
                else
                    for (int p = 3; p < dstRow.Length; p += 4) dstRow[p] = 255;
            }
            return s;
        }, s =>
        {
            lock (gate)
            {
                totalColoured += s.ColouredPixels;
                totalChroma += s.ChromaSum;
            }
        });

        long pixels = (long)width * ((height + ChromaRowStride - 1) / ChromaRowStride);
        return new ChromaStats(totalChroma / pixels, (double)totalColoured / pixels);
    }

    private static void BlendRows(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float weight, Span<float> output)
    {
        float keep = 1f - weight;
        for (int x = 0; x < output.Length; x++) output[x] = top[x] * keep + bottom[x] * weight;
    }

    private static void Interpolate(ReadOnlySpan<float> renderRow, BilinearAxis axis, Span<float> output)
    {
        var low = axis.Low;
        var high = axis.High;
        var weight = axis.Weight;
        for (int x = 0; x < output.Length; x++)
        {
            float v = renderRow[low[x]] + (renderRow[high[x]] - renderRow[low[x]]) * weight[x];
            output[x] = LabNormalization.DenormalizeAb(v);
        }
    }

    private sealed class RowScratch(int width, int renderWidth)
    {
        public float[] L { get; } = new float[width];
        public float[] A { get; } = new float[width];
        public float[] B { get; } = new float[width];
        public float[] RenderA { get; } = new float[renderWidth];
        public float[] RenderB { get; } = new float[renderWidth];
        public long ColouredPixels { get; private set; }
        public double ChromaSum { get; private set; }

        public void MeasureChroma()
        {
            double sum = 0;
            long coloured = 0;
            for (int x = 0; x < A.Length; x++)
            {
                float c = MathF.Sqrt(A[x] * A[x] + B[x] * B[x]);
                sum += c;
                if (c > ColouredPixelChroma) coloured++;
            }
            ChromaSum += sum;
            ColouredPixels += coloured;
        }
    }
}
