using System.Numerics.Tensors;
using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) on 8-bit RGB, the mean of the R, G
/// and B scores. It follows scikit-image's <c>structural_similarity(gaussian_weights=True,
/// sigma=1.5, use_sample_covariance=False, data_range=255)</c>: an 11-tap Gaussian window
/// (truncated at 3.5σ), K1 0.01, K2 0.03, local statistics filtered with mirror ("reflect")
/// borders, and the SSIM map averaged after dropping 5 pixels on each side.
/// </summary>
public static class Ssim
{
    public const double Sigma = 1.5;
    public const int WindowSize = 11;
    public const double K1 = 0.01;
    public const double K2 = 0.03;
    public const double DataRange = 255.0;

    private const int Radius = WindowSize / 2;
    private static readonly double[] Kernel = BuildKernel();

    /// <summary>Mean SSIM over R, G and B; 1 for identical images.</summary>
    /// <remarks>
    /// scikit-image refuses images smaller than the window; here such images are scored over the
    /// whole SSIM map instead of the cropped one, so tiny thumbnails still get a number.
    /// </remarks>
    public static double Compute(RgbaImage prediction, RgbaImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        double sum = 0;
        for (int c = 0; c < 3; c++)
            sum += Channel(Plane(prediction, c), Plane(truth, c), truth.Width, truth.Height);
        return sum / 3.0;
    }

    /// <summary>SSIM of two single-channel planes (row-major, values on a 0–255 scale).</summary>
    public static double Channel(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int width, int height)
    {
        int n = width * height;
        if (x.Length != n || y.Length != n) throw new ArgumentException($"planes must hold {width}×{height} values");
        var xx = new double[n];
        var yy = new double[n];
        var xy = new double[n];
        TensorPrimitives.Multiply(x, x, xx);
        TensorPrimitives.Multiply(y, y, yy);
        TensorPrimitives.Multiply(x, y, xy);
        var scratch = new double[n];
        var ux = Filter(x, width, height, scratch);
        var uy = Filter(y, width, height, scratch);
        var uxx = Filter(xx, width, height, scratch);
        var uyy = Filter(yy, width, height, scratch);
        var uxy = Filter(xy, width, height, scratch);

        double c1 = K1 * DataRange * (K1 * DataRange);
        double c2 = K2 * DataRange * (K2 * DataRange);
        bool crop = width > 2 * Radius && height > 2 * Radius;
        int x0 = crop ? Radius : 0, x1 = crop ? width - Radius : width;
        int y0 = crop ? Radius : 0, y1 = crop ? height - Radius : height;
        double sum = 0;
        for (int row = y0; row < y1; row++)
        {
            for (int col = x0; col < x1; col++)
            {
                int i = row * width + col;
                double mx = ux[i], my = uy[i];
                double vx = uxx[i] - mx * mx;
                double vy = uyy[i] - my * my;
                double vxy = uxy[i] - mx * my;
                sum += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        }
        return sum / ((long)(x1 - x0) * (y1 - y0));
    }

    private static double[] Plane(RgbaImage image, int channel)
    {
        var plane = new double[image.PixelCount];
        var px = image.Pixels;
        for (int i = 0, p = channel; i < plane.Length; i++, p += 4) plane[i] = px[p];
        return plane;
    }

    /// <summary>Separable Gaussian filter, rows then columns, mirror borders as scipy's <c>mode="reflect"</c>.</summary>
    private static double[] Filter(ReadOnlySpan<double> source, int width, int height, double[] scratch)
    {
        var output = new double[source.Length];
        var k = Kernel;
        int inner = width - 2 * Radius;
        for (int row = 0; row < height; row++)
        {
            var src = source.Slice(row * width, width);
            var dst = scratch.AsSpan(row * width, width);
            // Interior columns as whole-row multiply-adds (vectorised); only the 2·Radius border columns reflect.
            if (inner > 0)
            {
                var body = dst.Slice(Radius, inner);
                body.Clear();
                for (int t = 0; t < WindowSize; t++) TensorPrimitives.MultiplyAdd(src.Slice(t, inner), k[t], body, body);
            }
            for (int col = 0; col < width; col++)
            {
                if (col == Radius && inner > 0) col = width - Radius;
                if (col >= width) break;
                double acc = 0;
                for (int t = 0; t < WindowSize; t++) acc += k[t] * src[Reflect(col + t - Radius, width)];
                dst[col] = acc;
            }
        }
        // Columns go row by row, adding whole source rows, so memory is read in order.
        for (int row = 0; row < height; row++)
        {
            var target = output.AsSpan(row * width, width);
            for (int t = 0; t < WindowSize; t++)
            {
                int r = Reflect(row + t - Radius, height);
                TensorPrimitives.MultiplyAdd(scratch.AsSpan(r * width, width), k[t], target, target);
            }
        }
        return output;
    }

    /// <summary>Half-sample symmetric extension (d c b a | a b c d | d c b a), repeated for tiny planes.</summary>
    internal static int Reflect(int index, int length)
    {
        int period = 2 * length;
        int m = ((index % period) + period) % period;
        return m < length ? m : period - 1 - m;
    }

    private static double[] BuildKernel()
    {
        var kernel = new double[WindowSize];
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double d = i - Radius;
            kernel[i] = Math.Exp(-0.5 * d * d / (Sigma * Sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < WindowSize; i++) kernel[i] /= sum;
        return kernel;
    }
}
