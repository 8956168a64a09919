using System.Diagnostics;
using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Bench;

/// <summary>
/// <c>--quick-lab</c>: a few seconds of Stopwatch timing of whole-image Lab conversion at 24 MP,
/// for a figure to quote without a full BenchmarkDotNet run.
/// </summary>
internal static class QuickLab
{
    private const int Repeats = 5;

    public static void Run(TextWriter output, bool includeScalar)
    {
        var image = BenchImages.Photo(BenchImages.Width24Mp, BenchImages.Height24Mp);
        int n = image.PixelCount;
        var lab = new LabImage(image.Width, image.Height);
        var back = new byte[image.Pixels.Length];
        double mp = n / 1e6;
        output.WriteLine($"Lab conversion, {image.Width}×{image.Height} ({mp:F1} MP), {Environment.ProcessorCount} logical cores, " +
                         $"Vector256 {(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "on" : "off")}, best/median of {Repeats}");

        Report(output, "RGB→Lab batch", mp, () => LabConverter.RgbToLab(image.Pixels, 4, lab.L, lab.A, lab.B));
        Report(output, "Lab→RGB batch", mp, () => LabConverter.LabToRgb(lab.L, lab.A, lab.B, back, 4));
        if (!includeScalar) return;
        Report(output, "RGB→Lab scalar", mp, () => LabConverter.RgbToLabScalar(image.Pixels, 4, lab.L, lab.A, lab.B), repeats: 1);
        Report(output, "Lab→RGB scalar", mp, () => LabConverter.LabToRgbScalar(lab.L, lab.A, lab.B, back, 4), repeats: 1);
    }

    private static void Report(TextWriter output, string name, double megapixels, Action action, int repeats = Repeats)
    {
        action(); // warm-up: JIT tiering and page faults on the output arrays
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double best = times[0], median = times[repeats / 2];
        output.WriteLine($"  {name,-16} best {best,8:F1} ms  median {median,8:F1} ms  {megapixels / (best / 1000),8:F1} MP/s");
    }
}
