using System.CommandLine;
using DeepColor.Cli.Batch;
using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>deepcolor colorize INPUT...</c>: colorizes files, folders and wildcard patterns at full resolution.
/// Reruns skip finished outputs, so an interrupted batch continues where it stopped.
/// </summary>
internal static class ColorizeCommand
{
    public static Command Create(IAnsiConsole console) => Create(console, ModelLoading.Load);

    internal static Command Create(IAnsiConsole console, ColorizerFactory factory)
    {
        var shared = new BatchOptions();
        var force = new Option<bool>("--force") { Description = "Redo images whose output already exists." };
        var stripMetadata = new Option<bool>("--strip-metadata") { Description = "Do not copy the input's EXIF (date taken, camera, caption, GPS) to the output." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Images decoded and encoded in parallel (the model itself runs one image at a time).", DefaultValueFactory = _ => 2 };
        var manifest = new Option<string?>("--manifest") { Description = "JSON-lines file to append one line to per finished or failed input (hashes, model, settings); with it, an output counts as done only when this file vouches for it. One file per shard." };

        var command = new Command("colorize", "Colorize grayscale photos at full resolution.");
        shared.AddTo(command);
        foreach (var option in new Option[] { force, jobs, stripMetadata, manifest }) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Task.Run(() => Execute(console, factory, new Request(
            shared.InputsOf(parse),
            parse.GetValue(shared.Output),
            parse.GetValue(shared.Model) ?? "default",
            parse.GetValue(shared.ExtractorPath),
            parse.GetValue(shared.RenderSize),
            parse.GetValue(shared.Recursive),
            parse.GetValue(shared.Suffix) ?? "",
            shared.FormatOf(parse),
            parse.GetValue(shared.Quality),
            parse.GetValue(force),
            parse.GetValue(jobs),
            parse.GetValue(shared.Saturation),
            parse.GetValue(shared.Rendering.Upsampling),
            parse.GetValue(shared.Rendering.FlipAverage),
            !parse.GetValue(stripMetadata),
            parse.GetValue(shared.Shard),
            parse.GetValue(manifest)), cancellationToken), CancellationToken.None));
        return command;
    }

    internal sealed record Request(
        IReadOnlyList<string> Inputs, string? Output, string Model, string? ExtractorPath, int? RenderSize, bool Recursive,
        string Suffix, OutputFormatChoice Format, int Quality, bool Force, int Jobs, float Saturation = 1f,
        ChromaUpsampling Upsampling = ChromaUpsampling.Guided, bool? FlipAverage = null, bool KeepMetadata = true,
        string? Shard = null, string? Manifest = null)
    {
        public ColorizerOptions ColorizerOptions => new() { RenderSize = RenderSize, ExtractorPath = ExtractorPath, Saturation = Saturation, Upsampling = Upsampling, FlipAverage = FlipAverage };
    }

    internal static int Execute(IAnsiConsole console, ColorizerFactory factory, Request request, CancellationToken cancellationToken)
    {
        var options = request.ColorizerOptions;
        if (Validate(request, options) is string invalid) return Usage(console, invalid);
        string? problem = null;
        var shard = request.Shard is null ? ShardSpec.All : ShardSpec.Parse(request.Shard, out problem);
        if (shard is null) return Usage(console, problem!);

        var naming = new BatchNaming(request.Inputs, request.Output, request.Suffix, request.Format, request.Recursive, shard);
        var plan = BatchPlan.Make(naming, out problem);
        if (plan is null) return Usage(console, problem!);
        var jobs = plan.Jobs;

        using var ledger = request.Manifest is null ? null : OpenLedger(console, request, options);
        if (request.Manifest is not null && ledger is null) return ExitCodes.Usage;
        using var colorizer = ModelLoading.TryLoad(factory, request.Model, options, console);
        if (colorizer is null) return ExitCodes.Usage;
        if (shard.Count > 1)
            console.MarkupLineInterpolated($"[grey]shard {shard}: {jobs.Count} of {plan.AllShardsInputs} images · {colorizer.ModelDescription} · render {colorizer.RenderSize}[/]");
        else if (jobs.Count > 1)
            console.MarkupLineInterpolated($"[grey]{jobs.Count} images · {colorizer.ModelDescription} · render {colorizer.RenderSize}[/]");

        var runner = new BatchRunner(colorizer, console) { Force = request.Force, Jobs = request.Jobs, Quality = request.Quality, KeepMetadata = request.KeepMetadata, Ledger = ledger };
        var summary = runner.Run(jobs, cancellationToken, plan.Rejected);
        if (jobs.Count + plan.Rejected.Count != 1 || summary.Failed > 0 || summary.Skipped > 0 || summary.Cancelled)
            SummaryPrinter.Print(console, summary);
        else if (summary.Done == 1)
            console.MarkupLineInterpolated($"{jobs[0].Output}{(summary.AlreadyColour > 0 ? " (input was already colour; recoloured from its lightness)" : "")}");
        return summary.ExitCode;
    }

    private static string? Validate(Request request, ColorizerOptions options)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return UsageErrors.MessageOf(e); }
        if (request.Quality is < 1 or > 100) return $"--quality must be between 1 and 100 (got {request.Quality})";
        if (request.Jobs is < 1 or > 64) return $"--jobs must be between 1 and 64 (got {request.Jobs})";
        return null;
    }

    /// <summary>Opens the manifest, or prints a one-line reason and returns null (a usage error).</summary>
    private static ManifestLedger? OpenLedger(IAnsiConsole console, Request request, ColorizerOptions options)
    {
        if (ModelIdentity.TryOf(request.Model, request.ExtractorPath, console) is not string model) return null;
        try { return new ManifestLedger(request.Manifest!, model, options, request.Quality); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot open manifest {request.Manifest}: {e.Message}");
            return null;
        }
    }

    private static int Usage(IAnsiConsole console, string message) => UsageErrors.Report(console, message);
}
