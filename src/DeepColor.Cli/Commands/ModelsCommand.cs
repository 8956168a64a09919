using System.CommandLine;
using System.Text.Json.Nodes;
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

        var command = new Command("models", "Inspect trained DeepColor model files.");
        command.Subcommands.Add(verify);
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
