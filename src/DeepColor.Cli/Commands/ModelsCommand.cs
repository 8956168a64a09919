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
        var checkpoint = new Option<string>("--checkpoint") { Description = "Which checkpoint: best (lowest validation loss) or last", DefaultValueFactory = _ => "best" };
        var exportWrite = new ModelFileWriteOptions();
        var export = new Command("export", "Write a model file from a training run's checkpoint (e.g. fp16 weights to ship).");
        export.Arguments.Add(run);
        export.Options.Add(checkpoint);
        exportWrite.AddTo(export);
        export.SetAction(parse => WriteModel(console, exportWrite.Output(parse), "", target =>
            DeepColor.Training.Trainer.Export(parse.GetValue(run)!, parse.GetValue(checkpoint)!, target, exportWrite.Precision(parse), exportWrite.Decoding(parse))));

        var sources = new Argument<string[]>("models") { Description = "Model files (.dclr) of one architecture, e.g. fine-tunes of one model.", Arity = ArgumentArity.OneOrMore };
        var averageWrite = new ModelFileWriteOptions();
        var average = new Command("average", "Write a model whose weights are the mean of several model files' (a model soup); decoding follows the first file unless overridden.");
        average.Arguments.Add(sources);
        averageWrite.AddTo(average);
        average.SetAction(parse =>
        {
            var files = parse.GetValue(sources) ?? [];
            return WriteModel(console, averageWrite.Output(parse), $": the mean of {files.Length} models{HeadNote(files)}", target =>
            {
                using var soup = WeightAveraging.Average(files, averageWrite.Decoding(parse));
                var summary = new JsonObject { ["averageOf"] = new JsonArray([.. files.Select(f => JsonValue.Create(Path.GetFileName(f)))]) };
                ColorizerModelFile.Save(soup, target, summary, averageWrite.Precision(parse));
            });
        });

        var command = new Command("models", "Inspect, export and average trained DeepColor model files.");
        command.Subcommands.Add(verify);
        command.Subcommands.Add(export);
        command.Subcommands.Add(average);
        return command;
    }

    // Says so when the files' class heads differ, since the soup then keeps the first file's head as it is.
    // A file that cannot be read is left for the average itself to report.
    private static string HeadNote(string[] files)
    {
        try
        {
            var widths = files.Select(f => ColorizerModelFile.ReadConfig(f).NumClasses).Distinct().ToArray();
            return widths.Length > 1 ? $" (class head, used only in training, from {Path.GetFileName(files[0])})" : "";
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ModelFileException)
        {
            return "";
        }
    }

    /// <summary>Runs <paramref name="write"/> and reports one line: what was written, or why not.</summary>
    private static int WriteModel(IAnsiConsole console, string target, string detail, Action<string> write)
    {
        try
        {
            write(target);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ModelFileException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
        console.MarkupLineInterpolated($"[green]wrote[/] {target}{detail} ({new FileInfo(target).Length / 1e6:F1} MB)");
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
