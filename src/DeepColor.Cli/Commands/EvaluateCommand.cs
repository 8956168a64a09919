using System.CommandLine;
using System.Globalization;
using DeepColor.Evaluation;
using DeepColor.Imaging;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>deepcolor evaluate</c>: scores a model on a folder or .tar of colour photos against the grey
/// baseline, prints the summary and optionally writes the HTML and JSON reports.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>A loaded model: the colorize function and the object that owns its resources (disposed after the run).</summary>
    internal sealed record LoadedModel(Func<RgbaImage, CancellationToken, RgbaImage> Colorize, IDisposable? Owner);

    /// <summary>Loads a model file (or "default") through the same <see cref="DeepColor.Inference.Colorizer"/> the colorize verb uses.</summary>
    internal static readonly Func<string, DeepColor.Inference.ColorizerOptions, LoadedModel> DefaultModelLoader = (model, options) =>
    {
        var colorizer = DeepColor.Inference.Colorizer.Load(model, options);
        return new LoadedModel((image, ct) => colorizer.Colorize(image, ct).Image, colorizer);
    };

    public static Command Create(IAnsiConsole console) => Create(console, DefaultModelLoader);

    /// <summary>Builds the command with an injected model loader, so tests can evaluate a fake colorizer.</summary>
    internal static Command Create(IAnsiConsole console, Func<string, DeepColor.Inference.ColorizerOptions, LoadedModel> loadModel)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (.dclr) to evaluate, or 'default' for the shipped model.", Required = true };
        var extractorPath = new Option<string?>("--extractor-path") { Description = "ONNX file of the feature extractor, for models that use one." };
        var renderSize = new Option<int?>("--render-size") { Description = "Size the network runs at (long side, multiple of 8). Default: the model file's own (its training size, or 224 for deepcolor-unet)." };
        var data = new Option<string>("--data", "-d") { Description = "Ground-truth colour images: a folder (searched recursively) or an uncompressed .tar.", Required = true };
        var size = new Option<string>("--size") { Description = "Resize each truth to N×N before scoring (256 is the DDColor protocol), or 'full' to keep full size.", DefaultValueFactory = _ => "256" };
        var classifier = new Option<string?>("--classifier") { Description = "ImageNet ONNX classifier (1×3×224×224 input) for semantic agreement; omitted = not scored." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report here." };
        var json = new Option<string?>("--json") { Description = "Write the full report as JSON here." };
        var rendering = new RenderQualityOptions();
        var saturation = BatchOptions.CreateSaturation();
        var limit = new Option<int?>("--limit") { Description = "Evaluate at most N images (default: all)." };
        var sheet = new Option<string?>("--contact-sheet") { Description = "Write a picture of gray | model | truth for the first --contact-count images here (.png, .jpg or .webp)." };
        var sheetCount = new Option<int>("--contact-count") { Description = "Images on the --contact-sheet, in the data's order.", DefaultValueFactory = _ => ContactSheet.DefaultCount };

        var command = new Command("evaluate", "Score a model against ground-truth colour photos, next to the gray baseline (PSNR, SSIM, ΔCF, a*b* MAE, ΔE2000, hue accuracy; semantic agreement and confidence with --classifier).")
        {
            model, data, size, classifier, report, json, limit, extractorPath, renderSize, saturation, sheet, sheetCount,
        };
        rendering.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            console,
            loadModel,
            new Arguments(
                parse.GetValue(model)!,
                parse.GetValue(data)!,
                parse.GetValue(size)!,
                parse.GetValue(classifier),
                parse.GetValue(report),
                parse.GetValue(json),
                parse.GetValue(limit),
                parse.GetValue(sheet),
                parse.GetValue(sheetCount),
                rendering.ApplyTo(parse, new DeepColor.Inference.ColorizerOptions
                {
                    ExtractorPath = parse.GetValue(extractorPath), RenderSize = parse.GetValue(renderSize), Saturation = parse.GetValue(saturation),
                })),
            cancellationToken)));
        return command;
    }

    private sealed record Arguments(string Model, string Data, string Size, string? Classifier, string? Report, string? Json, int? Limit,
        string? ContactSheet, int ContactCount, DeepColor.Inference.ColorizerOptions Colorizer);

    private static int Run(IAnsiConsole console, Func<string, DeepColor.Inference.ColorizerOptions, LoadedModel> loadModel, Arguments args, CancellationToken cancellationToken)
    {
        if (!File.Exists(args.Data) && !Directory.Exists(args.Data))
            return Fail(console, $"--data {args.Data}: no such folder or .tar file", CliApp.UsageError);
        if (!TryParseSize(args.Size, out int? side))
            return Fail(console, $"--size {args.Size}: expected a positive side such as 256, or 'full'", CliApp.UsageError);
        if (args.Limit is <= 0)
            return Fail(console, $"--limit {args.Limit}: must be a positive number of images", CliApp.UsageError);
        if (args.Colorizer.RenderSize is int r && (r <= 0 || r % 8 != 0))
            return Fail(console, $"--render-size {r}: must be a positive multiple of 8", CliApp.UsageError);
        // The colorizer's own check, so evaluate refuses exactly the settings colorize refuses.
        try { args.Colorizer.Validate(); }
        catch (ArgumentException e) { return Fail(console, UsageErrors.MessageOf(e), CliApp.UsageError); }
        if (args.ContactSheet is not null && ImageFormatNames.FromPath(args.ContactSheet) is null)
            return Fail(console, $"--contact-sheet {args.ContactSheet}: the name must end in .png, .jpg, .jpeg or .webp", CliApp.UsageError);
        if (args.ContactCount <= 0)
            return Fail(console, $"--contact-count {args.ContactCount}: must be a positive number of images", CliApp.UsageError);
        if (args.Classifier is not null && !File.Exists(args.Classifier))
            return Fail(console, $"--classifier {args.Classifier}: no such file", CliApp.UsageError);

        EvaluationDataset dataset;
        try { dataset = EvaluationDataset.Open(args.Data, args.Limit); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        { return Fail(console, $"--data {args.Data}: cannot read ({e.Message})", 1); }
        if (dataset.EntryCount == 0)
            return Fail(console, $"--data {args.Data}: no images found ({string.Join(", ", ImageFileTypes.Extensions)})", 1);

        LoadedModel loaded;
        try { loaded = loadModel(args.Model, args.Colorizer); }
        catch (Exception e) { return Fail(console, $"--model {args.Model}: {e.Message}", 1); }

        OnnxImageClassifier? judge = null;
        try
        {
            if (args.Classifier is not null) judge = new OnnxImageClassifier(args.Classifier);
            var options = new EvaluationOptions { ModelName = args.Model, Dataset = args.Data, Size = side };
            var evaluator = new Evaluator(options, judge);
            EvaluationReport result = null!;
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"evaluating {dataset.EntryCount} images", maxValue: 1.0);
                    result = evaluator.Evaluate(dataset, loaded.Colorize, task, cancellationToken);
                });

            if (args.Json is not null) EvaluationJson.Write(result, args.Json);
            if (args.Report is not null) EvaluationHtml.Write(result, args.Report);
            if (args.ContactSheet is not null)
                ImageEncoder.Save(new ContactSheet().Compose(result, args.ContactCount), args.ContactSheet, ImageFormatNames.FromPath(args.ContactSheet)!.Value, 90);
            Render(console, result, args);
            return 0;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return 130;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(console, e.Message, 1);
        }
        finally
        {
            judge?.Dispose();
            loaded.Owner?.Dispose();
        }
    }

    internal static bool TryParseSize(string text, out int? side)
    {
        side = null;
        if (string.Equals(text, "full", StringComparison.OrdinalIgnoreCase)) return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0) { side = n; return true; }
        return false;
    }

    private static void Render(IAnsiConsole console, EvaluationReport result, Arguments args)
    {
        var m = result.Model;
        var g = result.Gray;
        console.MarkupLineInterpolated($"[bold]{result.ModelName}[/] on [bold]{result.Dataset}[/]: {m.Images} images, size {result.Size}");
        var table = new Table()
            .AddColumn("metric")
            .AddColumn(new TableColumn("model").RightAligned())
            .AddColumn(new TableColumn("gray").RightAligned());
        Row(table, "PSNR (dB) ↑", m.Psnr, g.Psnr, "F2");
        Row(table, "SSIM ↑", m.Ssim, g.Ssim, "F4");
        Row(table, "ΔCF ↓", m.DeltaColorfulness, g.DeltaColorfulness, "F2");
        Row(table, $"CF (truth {m.TruthColorfulness.ToString("F2", CultureInfo.InvariantCulture)})", m.Colorfulness, g.Colorfulness, "F2");
        Row(table, "a*b* MAE ↓", m.AbMae, g.AbMae, "F3");
        Row(table, "ΔE2000 ↓", m.DeltaE2000, g.DeltaE2000, "F3");
        Row(table, "hue accuracy ↑", m.HueAccuracy, g.HueAccuracy, "P1");
        if (m.SemanticAgreement is not null) Row(table, "semantic agreement ↑", m.SemanticAgreement, g.SemanticAgreement, "P1");
        if (m.SemanticConfidence is not null)
            Row(table, "semantic confidence ↑" + (m.TruthSemanticConfidence is double t ? $" (truth {t.ToString("F3", CultureInfo.InvariantCulture)})" : ""), m.SemanticConfidence, g.SemanticConfidence, "F3");
        console.Write(table);
        RenderHueFamilies(console, result.HueFamilies);

        if (result.Skipped.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]skipped {result.Skipped.Count} unreadable entries:[/]");
            foreach (var s in result.Skipped.Take(10)) console.MarkupLineInterpolated($"  {s.Name}: {s.Reason}");
            if (result.Skipped.Count > 10) console.MarkupLineInterpolated($"  … and {result.Skipped.Count - 10} more (see the report)");
        }
        if (args.Report is not null) console.MarkupLineInterpolated($"report: {args.Report}");
        if (args.Json is not null) console.MarkupLineInterpolated($"json: {args.Json}");
        if (args.ContactSheet is not null) console.MarkupLineInterpolated($"contact sheet: {args.ContactSheet}");
    }

    private static void RenderHueFamilies(IAnsiConsole console, IReadOnlyList<HueFamilyScore> families)
    {
        if (families.Count == 0) return;
        var table = new Table()
            .Title("where the hues go: coloured truth pixels by truth hue, mean colours over them")
            .AddColumn("truth hue")
            .AddColumn(new TableColumn("h_ab").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned())
            .AddColumn(new TableColumn("hue acc.").RightAligned())
            .AddColumn(new TableColumn("truth a*, b*").RightAligned())
            .AddColumn(new TableColumn("model a*, b*").RightAligned());
        foreach (var f in families)
            table.AddRow(
                Markup.Escape(f.Name),
                FormattableString.Invariant($"{f.FromDegrees:0}–{f.ToDegrees:0}°"),
                Format(f.Share, "P1"),
                Format(f.HueAccuracy, "P1"),
                Swatch(f.TruthSwatch, f.TruthA, f.TruthB),
                Swatch(f.PredictedSwatch, f.PredictedA, f.PredictedB));
        console.Write(table);
    }

    // Spectre drops the colour where the terminal has none, and the numbers still carry the row; whole a*b* units
    // keep the table inside 80 columns (the HTML report has a decimal more).
    private static string Swatch(string hex, double a, double b) =>
        FormattableString.Invariant($"[on {hex}]  [/] {a:0;-0;0}, {b:0;-0;0}");

    private static void Row(Table table, string label, double? model, double? gray, string format) =>
        table.AddRow(Markup.Escape(label), Format(model, format), Format(gray, format));

    private static string Format(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static int Fail(IAnsiConsole console, string message, int code)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }
}
