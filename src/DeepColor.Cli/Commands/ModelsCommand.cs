using System.CommandLine;
using System.Text.Json.Nodes;
using DeepColor.Model;
using DeepColor.Model.Serialization;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary><c>deepcolor models verify PATH...</c>: checks model files end to end and shows what they hold.</summary>
internal static class ModelsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Model files (.dclr) to verify.",
            Arity = ArgumentArity.OneOrMore,
        };
        var verify = new Command("verify", "Verify model files (magic, version, SHA-256, header, tensor table) and print their summary; exit 1 if any is invalid.");
        verify.Arguments.Add(paths);
        verify.SetAction(parse => Verify(console, parse.GetValue(paths) ?? []));

        var run = new Argument<string>("run") { Description = "A training run folder (runs/<utc>-<arch>-<name>)." };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write", Required = true };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Which checkpoint: best (lowest validation loss) or last", DefaultValueFactory = _ => "best" };
        var fp16 = new Option<bool>("--fp16") { Description = "Store weights as fp16 (half the size)" };
        var decoding = new DecodeOverrideOptions();
        var export = new Command("export", "Write a model file from a training run's checkpoint (e.g. fp16 weights to ship).");
        export.Arguments.Add(run);
        export.Options.Add(output);
        export.Options.Add(checkpoint);
        export.Options.Add(fp16);
        decoding.AddTo(export);
        export.SetAction(parse =>
        {
            string target = parse.GetValue(output)!;
            try
            {
                DeepColor.Training.Trainer.Export(parse.GetValue(run)!, parse.GetValue(checkpoint)!, target, parse.GetValue(fp16) ? TensorPrecision.Float16 : TensorPrecision.Float32,
                    decoding.Read(parse));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ModelFileException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
            console.MarkupLineInterpolated($"[green]wrote[/] {target} ({new FileInfo(target).Length / 1e6:F1} MB)");
            return 0;
        });

        var sources = new Argument<string[]>("models") { Description = "Model files (.dclr) of one architecture, e.g. fine-tunes of one model.", Arity = ArgumentArity.OneOrMore };
        var averageOutput = new Option<string>("--output", "-o") { Description = "Model file to write", Required = true };
        var averageFp16 = new Option<bool>("--fp16") { Description = "Store weights as fp16 (half the size)" };
        var averageDecoding = new DecodeOverrideOptions();
        var average = new Command("average", "Write a model whose weights are the mean of several model files' (a model soup); decoding follows the first file unless overridden.");
        average.Arguments.Add(sources);
        average.Options.Add(averageOutput);
        average.Options.Add(averageFp16);
        averageDecoding.AddTo(average);
        average.SetAction(parse => Average(console, parse.GetValue(sources) ?? [], parse.GetValue(averageOutput)!,
            parse.GetValue(averageFp16) ? TensorPrecision.Float16 : TensorPrecision.Float32, averageDecoding.Read(parse)));

        var command = new Command("models", "Inspect, export and average trained DeepColor model files.");
        command.Subcommands.Add(verify);
        command.Subcommands.Add(export);
        command.Subcommands.Add(average);
        return command;
    }

    private static int Average(IAnsiConsole console, IReadOnlyList<string> sources, string target, TensorPrecision precision, DecodeOverrides decoding)
    {
        try
        {
            using var soup = WeightAveraging.Average(sources, decoding);
            var summary = new JsonObject { ["averageOf"] = new JsonArray([.. sources.Select(s => JsonValue.Create(Path.GetFileName(s)))]) };
            ColorizerModelFile.Save(soup, target, summary, precision);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ModelFileException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
        console.MarkupLineInterpolated($"[green]wrote[/] {target}: the mean of {sources.Count} models ({new FileInfo(target).Length / 1e6:F1} MB)");
        return 0;
    }

    private static int Verify(IAnsiConsole console, IReadOnlyList<string> paths)
    {
        int invalid = 0;
        foreach (var path in paths)
        {
            ModelFileInfo info;
            try
            {
                info = ModelFile.Verify(path);
            }
            catch (ModelFileException e)
            {
                console.MarkupLineInterpolated($"[red]invalid[/] {e.Message}");
                invalid++;
                continue;
            }
            console.MarkupLineInterpolated($"[green]ok[/] {path}");
            console.Write(Summary(info));
        }
        return invalid == 0 ? 0 : 1;
    }

    private static Table Summary(ModelFileInfo info)
    {
        var h = info.Header;
        var dtypes = string.Join(", ", info.Tensors.GroupBy(t => t.DType).Select(g => $"{g.Count()} {g.Key}"));
        var table = new Table().HideHeaders().AddColumns("field", "value");
        void Row(string field, string value) => table.AddRow(field, Markup.Escape(value));
        Row("architecture", h.Architecture);
        Row("format version", h.FormatVersion.ToString());
        Row("created", h.CreatedUtc.ToString("u"));
        Row("tensors", $"{info.Tensors.Count} ({dtypes}), {info.ElementCount:N0} values, {info.FileLength / 1e6:F1} MB");
        Row("extractor", h.ExtractorId is null ? "none" : $"{h.ExtractorId} (sha256 {h.ExtractorSha256 ?? "not recorded"})");
        Row("colour", Compact(h.ColorConventions));
        Row("architecture config", Compact(h.ArchitectureConfig));
        Row("training", Compact(h.TrainingSummary));
        return table;
    }

    private static string Compact(JsonObject json) => json.Count == 0 ? "-" : json.ToJsonString();
}
