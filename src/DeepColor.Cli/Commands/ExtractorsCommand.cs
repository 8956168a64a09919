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
        var table = new Table().AddColumns("name", "input", "layout", "embedding", "source", "file");
        foreach (var cfg in cfgs)
        {
            string name = Markup.Escape(cfg.Name) + (registry.IsDefault(cfg) ? " [dim](default)[/]" : "");
            string embedding = $"{cfg.EmbeddingDim} {cfg.Embedding.ToString().ToLowerInvariant()}";
            table.AddRow(name, cfg.InputSummary, cfg.Layout.ToString().ToUpperInvariant(), embedding, Markup.Escape(SourceOf(cfg)), FileStatus(cfg, dir));
        }
        console.Write(table);
        console.MarkupLineInterpolated($"model cache: {dir}");
        return 0;
    }

    private static string SourceOf(ExtractorCfg cfg) => cfg.Source switch
    {
        ExtractorSource.Network => "network (trained jointly)",
        _ when cfg.Url is not null => $"download, {cfg.License}",
        _ => $"user export, {cfg.License}",
    };

    private static string FileStatus(ExtractorCfg cfg, string dir) => cfg.Source == ExtractorSource.Network
        ? "[dim]n/a[/]"
        : ExtractorFiles.FindInCache(cfg, dir) is not null ? "[green]found[/]" : $"[yellow]missing[/] {Markup.Escape(cfg.FileName ?? "")}";
}
