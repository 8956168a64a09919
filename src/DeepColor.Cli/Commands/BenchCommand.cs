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
        var rendering = new RenderQualityOptions();

        var command = new Command("bench", "Measure inference latency per stage, throughput, GFLOP/s and peak memory.")
        {
            model, extractorPath, renderSize, runs, warmup, batch, jobs, large, json,
        };
        rendering.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.Run(() => Execute(
            console, factory,
            parse.GetValue(model) ?? "default",
            rendering.ApplyTo(parse, new ColorizerOptions { RenderSize = parse.GetValue(renderSize), ExtractorPath = parse.GetValue(extractorPath) }),
            new BenchSettings
            {
                Runs = parse.GetValue(runs), Warmup = parse.GetValue(warmup), BatchImages = parse.GetValue(batch),
                Jobs = parse.GetValue(jobs), LargeMegapixels = parse.GetValue(large),
            },
            parse.GetValue(json), cancellationToken), CancellationToken.None));
        return command;
    }

    internal static int Execute(IAnsiConsole console, ColorizerFactory factory, string model, ColorizerOptions options, BenchSettings settings, string? jsonPath, CancellationToken cancellationToken)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return Usage(console, e.Message.Split(" (Parameter")[0]); }
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
        if (jsonPath is not null)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            console.MarkupLineInterpolated($"[grey]wrote {jsonPath}[/]");
        }
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
