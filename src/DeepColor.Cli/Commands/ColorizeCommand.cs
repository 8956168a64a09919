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
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files, folders or patterns such as 'scans/*.jpg' or 'archive/**/*.png'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (input folders are mirrored below it), or an output file name for a single input. Default: next to each input." };
        var model = new Option<string>("--model") { Description = "Model file, 'default' for the shipped model, or 'random' for an untrained network.", DefaultValueFactory = _ => "default" };
        var extractorPath = new Option<string?>("--extractor-path") { Description = "ONNX file of the feature extractor, for models that use one." };
        var saturation = new Option<float>("--saturation") { Description = "Multiply the model's colour saturation: above 1 more vivid, below 1 calmer (0–3).", DefaultValueFactory = _ => 1f };
        var renderSize = new Option<int?>("--render-size") { Description = "Size the network runs at (long side); a multiple of 8. Default: the model file's own (its training size, or 224 for deepcolor-unet). Output keeps the input's full resolution." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include images in sub-folders of folder inputs." };
        var suffix = new Option<string>("--suffix") { Description = "Appended to each output file name.", DefaultValueFactory = _ => "-color" };
        var format = new Option<string>("--format") { Description = "Output format: png, jpg, or same (JPEG stays JPEG, others become PNG).", DefaultValueFactory = _ => "same" };
        format.AcceptOnlyFromAmong("png", "jpg", "same");
        var quality = new Option<int>("--quality") { Description = "JPEG quality 1–100.", DefaultValueFactory = _ => 92 };
        var force = new Option<bool>("--force") { Description = "Redo images whose output already exists." };
        var stripMetadata = new Option<bool>("--strip-metadata") { Description = "Do not copy the input's EXIF (date taken, camera, caption, GPS) to the output." };
        var rendering = new RenderQualityOptions();
        var jobs = new Option<int>("--jobs", "-j") { Description = "Images decoded and encoded in parallel (the model itself runs one image at a time).", DefaultValueFactory = _ => 2 };

        var command = new Command("colorize", "Colorize grayscale photos at full resolution.")
        {
            inputs, output, model, extractorPath, saturation, renderSize, recursive, suffix, format, quality, force, jobs, stripMetadata,
        };
        rendering.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.Run(() => Execute(console, factory, new Request(
            parse.GetValue(inputs) ?? [],
            parse.GetValue(output),
            parse.GetValue(model) ?? "default",
            parse.GetValue(extractorPath),
            parse.GetValue(renderSize),
            parse.GetValue(recursive),
            parse.GetValue(suffix) ?? "",
            Enum.Parse<OutputFormatChoice>(parse.GetValue(format) ?? "same", ignoreCase: true),
            parse.GetValue(quality),
            parse.GetValue(force),
            parse.GetValue(jobs),
            parse.GetValue(saturation),
            parse.GetValue(rendering.Upsampling),
            parse.GetValue(rendering.FlipAverage),
            !parse.GetValue(stripMetadata)), cancellationToken), CancellationToken.None));
        return command;
    }

    internal sealed record Request(
        IReadOnlyList<string> Inputs, string? Output, string Model, string? ExtractorPath, int? RenderSize, bool Recursive,
        string Suffix, OutputFormatChoice Format, int Quality, bool Force, int Jobs, float Saturation = 1f,
        ChromaUpsampling Upsampling = ChromaUpsampling.Guided, bool? FlipAverage = null, bool KeepMetadata = true);

    internal static int Execute(IAnsiConsole console, ColorizerFactory factory, Request request, CancellationToken cancellationToken)
    {
        var options = new ColorizerOptions { RenderSize = request.RenderSize, ExtractorPath = request.ExtractorPath, Saturation = request.Saturation, Upsampling = request.Upsampling, FlipAverage = request.FlipAverage };
        if (Validate(request, options) is string problem) return Usage(console, problem);

        var planner = new OutputPlanner(request.Output, request.Suffix, request.Format);
        if (planner.ConflictWithFormat() is string conflict) return Usage(console, conflict);
        var expansion = InputExpander.Expand(request.Inputs, request.Recursive, planner.LooksLikeOutput);
        if (expansion.Files.Count == 0)
            return Usage(console, $"no images matched {string.Join(", ", request.Inputs.Select(i => $"'{i}'"))}");
        if (planner.OutputIsFile && expansion.Files.Count > 1)
            return Usage(console, $"-o {request.Output} names one file but {expansion.Files.Count} images matched; give a folder instead");

        var (jobs, collisions) = Plan(expansion, planner);
        foreach (var missing in expansion.Unmatched) collisions.Add((missing, "no such file, folder or matching image"));

        using var colorizer = ModelLoading.TryLoad(factory, request.Model, options, console);
        if (colorizer is null) return ExitCodes.Usage;
        if (jobs.Count > 1)
            console.MarkupLineInterpolated($"[grey]{jobs.Count} images · {colorizer.ModelDescription} · render {colorizer.RenderSize}[/]");

        var runner = new BatchRunner(colorizer, console) { Force = request.Force, Jobs = request.Jobs, Quality = request.Quality, KeepMetadata = request.KeepMetadata };
        var summary = runner.Run(jobs, cancellationToken, collisions);
        if (jobs.Count + collisions.Count > 1 || summary.Failed > 0 || summary.Skipped > 0 || summary.Cancelled)
            SummaryPrinter.Print(console, summary);
        else if (jobs.Count == 1 && summary.Done == 1)
            console.MarkupLineInterpolated($"{jobs[0].Output}{(summary.AlreadyColour > 0 ? " (input was already colour; recoloured from its lightness)" : "")}");
        return summary.ExitCode;
    }

    private static string? Validate(Request request, ColorizerOptions options)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return e.Message.Split(" (Parameter")[0]; }
        if (request.Quality is < 1 or > 100) return $"--quality must be between 1 and 100 (got {request.Quality})";
        if (request.Jobs is < 1 or > 64) return $"--jobs must be between 1 and 64 (got {request.Jobs})";
        if (request.Suffix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || request.Suffix.Contains('/'))
            return $"--suffix '{request.Suffix}' contains characters not allowed in file names";
        return null;
    }

    private static (List<BatchJob> Jobs, List<(string File, string Reason)> Rejected) Plan(InputExpansion expansion, OutputPlanner planner)
    {
        var jobs = new List<BatchJob>();
        var rejected = new List<(string, string)>();
        var owners = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var input in expansion.Files)
        {
            var job = planner.Plan(input);
            string target = Path.GetFullPath(job.Output);
            if (target == Path.GetFullPath(job.Source))
                rejected.Add((job.Source, "the output would overwrite the input; use --suffix or -o"));
            else if (!owners.TryAdd(target, job.Source))
                rejected.Add((job.Source, $"same output file as {owners[target]} ({job.Output})"));
            else
                jobs.Add(job);
        }
        return (jobs, rejected);
    }

    private static int Usage(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.Usage;
    }
}
