using System.Diagnostics;
using DeepColor.Imaging;
using DeepColor.Inference;
using TorchSharp;

namespace DeepColor.Cli.Bench;

/// <summary>Times the inference pipeline stage by stage; see <see cref="BenchReport"/>.</summary>
internal static class BenchRunner
{
    public static BenchReport Run(Colorizer colorizer, BenchSettings s, Action<string> status, CancellationToken cancellationToken)
    {
        var source = SyntheticImage.Gray(s.Width, s.Height);
        byte[] jpeg = SyntheticImage.Jpeg(source);

        status($"warm-up ({s.Warmup} runs)");
        for (int i = 0; i < s.Warmup; i++) OneImage(colorizer, jpeg, cancellationToken);

        status($"latency ({s.Runs} runs)");
        var samples = new List<Sample>();
        for (int i = 0; i < s.Runs; i++) samples.Add(OneImage(colorizer, jpeg, cancellationToken));
        var stages = new List<StageStats>
        {
            StageStats.Of("decode (JPEG)", samples.Select(x => x.Decode).ToList()),
            StageStats.Of("prepare (resize + L* at render size)", samples.Select(x => x.Prepare).ToList()),
            StageStats.Of("model", samples.Select(x => x.Model).ToList()),
            StageStats.Of("compose (full-res L*, a*b* upsample, Lab→sRGB)", samples.Select(x => x.Compose).ToList()),
            StageStats.Of("encode (JPEG q92)", samples.Select(x => x.Encode).ToList()),
            StageStats.Of("total", samples.Select(x => x.Total).ToList()),
        };

        status($"batch throughput ({s.BatchImages} images, {s.Jobs} jobs)");
        var batchClock = Stopwatch.StartNew();
        Parallel.For(0, s.BatchImages, new ParallelOptions { MaxDegreeOfParallelism = s.Jobs, CancellationToken = cancellationToken },
            _ => OneImage(colorizer, jpeg, cancellationToken));
        double perSecond = s.BatchImages / batchClock.Elapsed.TotalSeconds;

        long? flops = colorizer.EstimateFlops(s.Width, s.Height);
        double modelMs = stages[2].MeanMs;
        var (rw, rh) = colorizer.RenderSizeFor(s.Width, s.Height);

        var report = new BenchReport
        {
            Model = colorizer.ModelDescription,
            Machine = $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            LibtorchThreads = torch.get_num_threads(),
            ImageSize = $"{s.Width}×{s.Height}",
            RenderSize = $"{rw}×{rh}",
            ChromaUpsampling = colorizer.Options.Upsampling.ToString().ToLowerInvariant(),
            Runs = s.Runs,
            Warmup = s.Warmup,
            Stages = stages,
            LatencyMs = stages[^1].MeanMs,
            BatchImages = s.BatchImages,
            BatchJobs = s.Jobs,
            BatchImagesPerSecond = perSecond,
            ModelFlops = flops,
            ModelGflopsPerSecond = flops is long f && modelMs > 0 ? f / (modelMs / 1000) / 1e9 : null,
        };

        if (s.LargeMegapixels > 0)
        {
            status($"peak memory at {s.LargeMegapixels:0.#} MP");
            report = Large(colorizer, s.LargeMegapixels, report, cancellationToken);
        }
        return report;
    }

    /// <summary>
    /// Decode → colorize → encode of one large JPEG, run last in the process. The kernel's peak-RSS
    /// counter is reset first when possible, so the figure is this image's peak, not the process's.
    /// </summary>
    private static BenchReport Large(Colorizer colorizer, double megapixels, BenchReport report, CancellationToken cancellationToken)
    {
        int height = (int)Math.Round(Math.Sqrt(megapixels * 1e6 / 1.5));
        int width = (int)Math.Round(height * 1.5);
        byte[] jpeg;
        {
            var big = SyntheticImage.Gray(width, height, seed: 2);
            jpeg = SyntheticImage.Jpeg(big);
        }
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        bool reset = ProcessMemory.TryResetPeak();

        var clock = Stopwatch.StartNew();
        using (var stream = new MemoryStream(jpeg, writable: false))
        {
            var result = colorizer.Colorize(stream, "large", cancellationToken);
            ImageEncoder.Encode(result.Image, Stream.Null, ImageFormat.Jpeg, 92);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = ProcessMemory.PeakBytes();

        return report with
        {
            LargeMegapixels = Math.Round(width * (double)height / 1e6, 1),
            LargeSeconds = seconds,
            LargePeakRssBytes = peak,
            LargePeakRssMethod = reset
                ? "VmHWM after resetting it (clear_refs) just before decoding the in-memory JPEG; includes the runtime, libtorch and the model"
                : "whole-process peak (VmHWM / PeakWorkingSet64) after the other measurements",
        };
    }

    private static Sample OneImage(Colorizer colorizer, byte[] jpeg, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var image = ImageDecoder.Decode(jpeg, "bench");
        double decode = clock.Elapsed.TotalMilliseconds;
        var result = colorizer.Colorize(image, cancellationToken);
        clock.Restart();
        using (var sink = new MemoryStream())
            ImageEncoder.Encode(result.Image, sink, ImageFormat.Jpeg, 92);
        double encode = clock.Elapsed.TotalMilliseconds;
        var t = result.Timings;
        return new Sample(decode, t.Prepare.TotalMilliseconds, t.Model.TotalMilliseconds, t.Compose.TotalMilliseconds, encode);
    }

    private readonly record struct Sample(double Decode, double Prepare, double Model, double Compose, double Encode)
    {
        public double Total => Decode + Prepare + Model + Compose + Encode;
    }
}
