using System.CommandLine;
using System.Text.Json;
using DeepColor.Cli.Batch;
using DeepColor.Cli.Bench;
using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>deepcolor bench</c>: per-stage latency of one 768×512 image, batch throughput, model GFLOP/s and
/// the peak memory of a 24 MP image. Numbers are reported, never judged.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(IAnsiConsole console) => Create(console, ModelLoading.Load);

    internal static Command Create(IAnsiConsole console, ColorizerFactory factory)
    {
        var model = new Option<string>("--model") { Description = "Model file, 'default', or 'random' (an untrained network of the default architecture).", DefaultValueFactory = _ => "default" };
        var extractorPath = new Option<string?>("--extractor-path") { Description = "ONNX file of the feature extractor, for models that use one." };
        // The same default as colorize, so that a plain bench measures what a plain colorize does.
        var renderSize = new Option<int?>("--render-size") { Description = "Render size (long side), a multiple of 8. Default: the model file's own (its training size, or 224 for deepcolor-unet), as in colorize." };
        var runs = new Option<int>("--runs") { Description = "Timed runs after warm-up.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs.", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch") { Description = "Images in the throughput test.", DefaultValueFactory = _ => 8 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Parallel decode/encode in the throughput test, as in colorize.", DefaultValueFactory = _ => 2 };
        var large = new Option<double>("--large-mp") { Description = "Megapixels of the peak-memory test image; 0 skips it.", DefaultValueFactory = _ => 24 };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file." };
        var serveLoad = new Option<bool>("--serve-load") { Description = "Instead, start 'serve' on a loopback port and post a gray 768×512 photo from --clients clients, --requests times in all: p50/p95 latency, throughput, failures, peak RSS." };
        var loadDefaults = new ServeLoadSettings();
        var clients = new Option<int>("--clients") { Description = "Concurrent clients of --serve-load.", DefaultValueFactory = _ => loadDefaults.Clients };
        var requests = new Option<int>("--requests") { Description = "Requests --serve-load sends in all.", DefaultValueFactory = _ => loadDefaults.Requests };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Time bound of --serve-load; requests left unanswered then count as failures.", DefaultValueFactory = _ => loadDefaults.MaxDuration.TotalSeconds };
        var rendering = new RenderQualityOptions();

        var command = new Command("bench", "Measure inference latency per stage, throughput, GFLOP/s and peak memory, or a local server under load.")
        {
            model, extractorPath, renderSize, runs, warmup, batch, jobs, large, json, serveLoad, clients, requests, maxSeconds,
        };
        rendering.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = rendering.ApplyTo(parse, new ColorizerOptions { RenderSize = parse.GetValue(renderSize), ExtractorPath = parse.GetValue(extractorPath) });
            string modelName = parse.GetValue(model) ?? "default";
            if (parse.GetValue(serveLoad))
            {
                var load = loadDefaults with
                {
                    Clients = parse.GetValue(clients), Requests = parse.GetValue(requests),
                    MaxDuration = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(maxSeconds), 0, 3600)),
                    Server = loadDefaults.Server with { Workers = parse.GetValue(jobs) },
                };
                return ExecuteServeLoadAsync(console, factory, modelName, options, load, parse.GetValue(json), cancellationToken);
            }
            return Task.Run(() => Execute(
                console, factory, modelName, options,
                new BenchSettings
                {
                    Runs = parse.GetValue(runs), Warmup = parse.GetValue(warmup), BatchImages = parse.GetValue(batch),
                    Jobs = parse.GetValue(jobs), LargeMegapixels = parse.GetValue(large),
                },
                parse.GetValue(json), cancellationToken), CancellationToken.None);
        });
        return command;
    }

    internal static async Task<int> ExecuteServeLoadAsync(IAnsiConsole console, ColorizerFactory factory, string model, ColorizerOptions options, ServeLoadSettings settings, string? jsonPath, CancellationToken cancellationToken)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return Usage(console, UsageErrors.MessageOf(e)); }
        if (settings.Clients is < 1 or > 256 || settings.Requests is < 1 or > 100_000 || settings.MaxDuration <= TimeSpan.Zero)
            return Usage(console, "--clients must be 1–256, --requests 1–100000 and --max-seconds positive");
        if (settings.Server.Problem() is string problem) return Usage(console, problem);

        using var colorizer = ModelLoading.TryLoad(factory, model, options, console);
        if (colorizer is null) return ExitCodes.Usage;

        ServeLoadReport report;
        try
        {
            report = await ServeLoad.RunAsync(colorizer, settings, message => console.MarkupLineInterpolated($"[grey]{message}…[/]"), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]interrupted[/]");
            return ExitCodes.Interrupted;
        }

        console.Write(Render(report));
        foreach (string reason in report.FailureReasons) console.MarkupLineInterpolated($"[red]failed:[/] {reason}");
        WriteJson(console, report, jsonPath);
        return report.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    private static Table Render(ServeLoadReport r)
    {
        var table = new Table().Title($"deepcolor bench --serve-load · {Markup.Escape(r.Model)}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.Caption($"{r.Requests} posts of a gray {r.ImageSize} JPEG from {r.Clients} clients on loopback · server queue {r.QueueLimit}, {r.Workers} workers · RSS is server and clients together");
        table.AddRow("latency p50", $"{r.P50Ms:0} ms");
        table.AddRow("latency p95", $"{r.P95Ms:0} ms");
        table.AddRow("latency max", $"{r.MaxMs:0} ms");
        table.AddRow("throughput", $"{r.RequestsPerSecond:0.00} requests/s");
        table.AddRow("succeeded / failed", $"{r.Succeeded} / {r.Failed}");
        table.AddRow("503 retries", $"{r.BusyRetries}");
        table.AddRow("wall time", $"{r.Seconds:0.0} s");
        table.AddRow("peak RSS", $"{r.PeakRssBytes / (1024.0 * 1024.0):0} MiB");
        return table;
    }

    private static void WriteJson<T>(IAnsiConsole console, T report, string? jsonPath)
    {
        if (jsonPath is null) return;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        console.MarkupLineInterpolated($"[grey]wrote {jsonPath}[/]");
    }

    internal static int Execute(IAnsiConsole console, ColorizerFactory factory, string model, ColorizerOptions options, BenchSettings settings, string? jsonPath, CancellationToken cancellationToken)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return Usage(console, UsageErrors.MessageOf(e)); }
        if (settings.Runs < 1 || settings.Warmup < 0 || settings.BatchImages < 1 || settings.Jobs < 1 || settings.LargeMegapixels is < 0 or > 100)
            return Usage(console, "--runs, --batch and --jobs must be at least 1, --warmup at least 0, --large-mp between 0 and 100");

        using var colorizer = ModelLoading.TryLoad(factory, model, options, console);
        if (colorizer is null) return ExitCodes.Usage;

        BenchReport report;
        try
        {
            report = BenchRunner.Run(colorizer, settings, message => console.MarkupLineInterpolated($"[grey]{message}…[/]"), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]interrupted[/]");
            return ExitCodes.Interrupted;
        }

        console.Write(Render(report));
        WriteJson(console, report, jsonPath);
        return ExitCodes.Ok;
    }

    private static Table Render(BenchReport r)
    {
        var table = new Table().Title($"deepcolor bench · {Markup.Escape(r.Model)}").AddColumn("measure").AddColumn(new TableColumn("mean").RightAligned()).AddColumn(new TableColumn("best").RightAligned());
        table.Caption($"{r.ImageSize} image at render {r.RenderSize}, {r.ChromaUpsampling} full-res pass, {r.Runs} runs after {r.Warmup} warm-up · libtorch threads {r.LibtorchThreads} · {Markup.Escape(r.Machine)}");
        foreach (var s in r.Stages)
            table.AddRow(Markup.Escape(s.Stage), $"{s.MeanMs:0.0} ms", $"{s.MinMs:0.0} ms");
        table.AddEmptyRow();
        table.AddRow($"throughput ({r.BatchImages} images, {r.BatchJobs} jobs)", $"{r.BatchImagesPerSecond:0.00} images/s", "");
        if (r.ModelFlops is long flops)
            table.AddRow("model FLOPs / speed", $"{flops / 1e9:0.00} GFLOP", r.ModelGflopsPerSecond is double g ? $"{g:0.0} GFLOP/s" : "");
        if (r.LargePeakRssBytes is long peak)
            table.AddRow($"peak RSS at {r.LargeMegapixels:0.#} MP", $"{peak / (1024.0 * 1024.0):0} MiB", $"{r.LargeSeconds:0.00} s");
        return table;
    }

    private static int Usage(IAnsiConsole console, string message) => UsageErrors.Report(console, message);
}
