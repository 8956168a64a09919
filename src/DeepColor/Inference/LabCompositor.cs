using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Inference;

/// <summary>
/// The full-resolution pass: keeps the original L*, adds a*b* upsampled from render size (bilinearly, or through
/// the guided filter's coefficients), converts to sRGB and copies alpha, all in one sweep over rows.
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
    /// <c>chroma</c> holds the normalised a*b* at render size; <c>destination</c> has the source's
    /// size and may be the source itself (each row is read before it is written).
    /// </summary>
    public static ChromaStats Compose(RgbaImage source, ChromaField chroma, RgbaImage destination, CancellationToken cancellationToken)
    {
        int width = source.Width, height = source.Height;
        if (destination.Width != width || destination.Height != height)
            throw new ArgumentException("destination must have the source's size", nameof(destination));
        int renderWidth = chroma.Width, renderHeight = chroma.Height;
        int planeLength = chroma.PlaneLength;
        var offsets = chroma.Offsets;
        var slopes = chroma.Slopes;

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
        Parallel.For(0, height, options, () => new RowScratch(width, renderWidth, withSlopes: slopes is not null), (y, _, s) =>
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
            Upsample(offsets, 0, y0, y1, wy, s.RenderRow, columns, s.A);
            Upsample(offsets, planeLength, y0, y1, wy, s.RenderRow, columns, s.B);
            if (slopes is not null)
            {
                Upsample(slopes, 0, y0, y1, wy, s.RenderRow, columns, s.SlopeA);
                Upsample(slopes, planeLength, y0, y1, wy, s.RenderRow, columns, s.SlopeB);
                AddSlope(s.L, s.SlopeA, s.A);
                AddSlope(s.L, s.SlopeB, s.B);
            }
            Denormalize(s.A);
            Denormalize(s.B);

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

    /// <summary>Bilinear value of one render-size plane (starting at <c>planeStart</c>) along one output row.</summary>
    private static void Upsample(float[] planes, int planeStart, int y0, int y1, float wy, float[] renderRow, BilinearAxis columns, float[] output)
    {
        int width = renderRow.Length;
        var top = planes.AsSpan(planeStart + y0 * width, width);
        var bottom = planes.AsSpan(planeStart + y1 * width, width);
        float keep = 1f - wy;
        for (int x = 0; x < width; x++) renderRow[x] = top[x] * keep + bottom[x] * wy;

        var low = columns.Low;
        var high = columns.High;
        var weight = columns.Weight;
        for (int x = 0; x < output.Length; x++)
            output[x] = renderRow[low[x]] + (renderRow[high[x]] - renderRow[low[x]]) * weight[x];
    }

    /// <summary>Adds slope · normalised L; <c>lightness</c> is in L* units.</summary>
    private static void AddSlope(float[] lightness, float[] slope, float[] values)
    {
        for (int x = 0; x < values.Length; x++) values[x] += slope[x] * LabNormalization.NormalizeL(lightness[x]);
    }

    private static void Denormalize(float[] values)
    {
        for (int x = 0; x < values.Length; x++) values[x] = LabNormalization.DenormalizeAb(values[x]);
    }

    private sealed class RowScratch(int width, int renderWidth, bool withSlopes)
    {
        public float[] L { get; } = new float[width];
        public float[] A { get; } = new float[width];
        public float[] B { get; } = new float[width];
        public float[] SlopeA { get; } = withSlopes ? new float[width] : [];
        public float[] SlopeB { get; } = withSlopes ? new float[width] : [];
        public float[] RenderRow { get; } = new float[renderWidth];
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
