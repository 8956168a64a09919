using System.CommandLine;
using DeepColor.Model.Extractors;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary><c>deepcolor extractors list</c>: the registered feature extractors and whether their files are in the cache.</summary>
internal static class ExtractorsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var pattern = new Argument<string>("pattern")
        {
            Description = "Wildcard on names (e.g. 'inception*').",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "*",
        };
        var cacheDir = new Option<string?>("--cache-dir")
        {
            Description = $"Model cache folder to look in (default: ${ExtractorFiles.CacheVariable} or ~/.cache/deepcolor/models).",
        };
        var list = new Command("list", "List feature extractors: input contract, embedding, source, and whether the file is cached.");
        list.Arguments.Add(pattern);
        list.Options.Add(cacheDir);
        list.SetAction(parse => List(console, parse.GetValue(pattern) ?? "*", parse.GetValue(cacheDir)));

        var command = new Command("extractors", "Pre-trained feature extractors for the global-features branch.");
        command.Subcommands.Add(list);
        return command;
    }

    private static int List(IAnsiConsole console, string pattern, string? cacheDir)
    {
        var registry = ExtractorRegistry.Default;
        var cfgs = registry.List(pattern);
        if (cfgs.Count == 0)
        {
            console.MarkupLineInterpolated($"[yellow]no extractor matches[/] '{pattern}'; known: {string.Join(", ", registry.Names)}");
            return 1;
        }
        string dir = cacheDir ?? ExtractorFiles.DefaultCacheDirectory();
        var table = new Table().Border(TableBorder.SimpleHeavy).AddColumns("name", "input", "layout", "embedding", "source", "file");
        // Only the name may wrap, so the short contract columns stay readable in an 80-column terminal.
        foreach (var column in table.Columns.Skip(1)) column.NoWrap().Padding(0, 0, 2, 0);
        table.Columns[0].Padding(0, 0, 2, 0);
        var missing = new List<ExtractorCfg>();
        foreach (var cfg in cfgs)
        {
            string name = Markup.Escape(cfg.Name) + (registry.IsDefault(cfg) ? " *" : "");
            string kind = cfg.Source == ExtractorSource.Network ? "learned" : cfg.Embedding.ToString().ToLowerInvariant();
            string file = cfg.Source == ExtractorSource.Network ? "[dim]n/a[/]"
                : ExtractorFiles.FindInstalled(cfg, dir) is not null ? "[green]found[/]" : "[yellow]missing[/]";
            if (file.Contains("missing", StringComparison.Ordinal)) missing.Add(cfg);
            table.AddRow(name, cfg.InputSummary, cfg.Layout.ToString().ToUpperInvariant(), $"{cfg.EmbeddingDim} {kind}", SourceOf(cfg), file);
        }
        console.Write(table);
        console.MarkupLine("[dim]* default tag: the family name alone selects it[/]");
        console.MarkupLineInterpolated($"model cache: {dir}");
        foreach (var cfg in missing)
            console.MarkupLineInterpolated($"  missing {cfg.FileName}: {ExtractorFiles.HowToObtain(cfg)}");
        return 0;
    }

    private static string SourceOf(ExtractorCfg cfg) => cfg.Source switch
    {
        ExtractorSource.Network => "network",
        _ when cfg.Package is not null => "NuGet",
        _ when cfg.Url is not null => "download",
        _ => "user export",
    };
}
