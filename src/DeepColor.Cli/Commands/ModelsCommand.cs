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
        var decode = new Option<string?>("--decode") { Description = "For models with an a*b* bins head: regression, bins or blend (default: as trained)" };
        var temperature = new Option<float?>("--temperature") { Description = "Annealed-mean temperature for bins decoding (default: as trained)" };
        var chromaGain = new Option<float?>("--chroma-gain") { Description = "Multiply decoded a*b* by this (default: as trained, 1)" };
        var upsample = new Option<string?>("--upsample") { Description = "Final 2× of the a*b* planes: nearest (as trained) or bilinear (default: as trained)" };
        var flipAverage = new Option<bool?>("--flip-average") { Description = "true: average with the prediction for the mirror image, at twice the work (default: as trained, false)" };
        var export = new Command("export", "Write a model file from a training run's checkpoint (e.g. fp16 weights to ship).");
        export.Arguments.Add(run);
        export.Options.Add(output);
        export.Options.Add(checkpoint);
        export.Options.Add(fp16);
        export.Options.Add(decode);
        export.Options.Add(temperature);
        export.Options.Add(chromaGain);
        export.Options.Add(upsample);
        export.Options.Add(flipAverage);
        export.SetAction(parse =>
        {
            string target = parse.GetValue(output)!;
            try
            {
                DeepColor.Training.Trainer.Export(parse.GetValue(run)!, parse.GetValue(checkpoint)!, target, parse.GetValue(fp16) ? TensorPrecision.Float16 : TensorPrecision.Float32,
                    new DecodeOverrides(parse.GetValue(decode), parse.GetValue(temperature), parse.GetValue(chromaGain), parse.GetValue(upsample), parse.GetValue(flipAverage)));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or ModelFileException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
            console.MarkupLineInterpolated($"[green]wrote[/] {target} ({new FileInfo(target).Length / 1e6:F1} MB)");
            return 0;
        });

        var command = new Command("models", "Inspect trained DeepColor model files.");
        command.Subcommands.Add(verify);
        command.Subcommands.Add(export);
        return command;
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
