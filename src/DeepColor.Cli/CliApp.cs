using System.CommandLine;
using DeepColor.Cli.Commands;
using Spectre.Console;

namespace DeepColor.Cli;

/// <summary>Builds the <c>deepcolor</c> command tree; tests call <see cref="Run"/> in-process with a TestConsole.</summary>
public static class CliApp
{
    /// <summary>Exit code for a usage error (bad option, missing argument).</summary>
    public const int UsageError = 2;

    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand("DeepColor: automatic colorization of grayscale photos (CIE Lab, CNN + global features).");
        foreach (var command in Commands(console)) root.Subcommands.Add(command);
        return root;
    }

    private static IEnumerable<Command> Commands(IAnsiConsole console)
    {
        yield return InfoCommand.Create(console);
        yield return TrainCommand.Create(console);
        yield return ExtractorsCommand.Create(console);
        yield return ModelsCommand.Create(console);
        yield return EvaluateCommand.Create(console);
        yield return ColorizeCommand.Create(console);
        yield return BenchCommand.Create(console);
    }

    public static int Run(string[] args, IAnsiConsole console)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLine("Run [bold]deepcolor --help[/] for usage.");
            return UsageError;
        }
        // Ctrl-C cancels the action's token; give it time to finish the file in flight instead of the default 2 s.
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }
}
