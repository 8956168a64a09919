using System.CommandLine;
using System.CommandLine.Help;
using DeepColor.Cli.Commands;
using Spectre.Console;

namespace DeepColor.Cli;

/// <summary>Builds the <c>deepcolor</c> command tree; tests call <see cref="Run(string[], IAnsiConsole, TextWriter)"/> in-process with a TestConsole.</summary>
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
        yield return VerifyCommand.Create(console);
        yield return BenchCommand.Create(console);
        yield return ServeCommand.Create(console);
    }

    /// <summary>The name users type: the tool's command, not the assembly that System.CommandLine names in usage lines.</summary>
    public const string CommandName = "deepcolor";

    public static int Run(string[] args, IAnsiConsole console) => Run(args, console, Console.Out);

    internal static int Run(string[] args, IAnsiConsole console, TextWriter helpOutput)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Action is HelpAction helpAction)
        {
            // Rendered into a string, help no longer sees the terminal, so give it the terminal's width to wrap at.
            if (ReferenceEquals(helpOutput, Console.Out) && !Console.IsOutputRedirected && TerminalWidth() is int width)
                helpAction.MaxWidth = width;
            var help = new StringWriter();
            int code = parse.Invoke(new InvocationConfiguration { Output = help });
            helpOutput.Write(WithCommandName(help.ToString(), RootCommand.ExecutableName));
            return code;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLine("Run [bold]deepcolor --help[/] for usage.");
            return UsageError;
        }
        // Ctrl-C cancels the action's token; give it time to finish the file in flight instead of the default 2 s.
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }

    private static int? TerminalWidth()
    {
        try { return Console.WindowWidth > 20 ? Console.WindowWidth : null; }
        catch (IOException) { return null; }
    }

    /// <summary>
    /// Puts <see cref="CommandName"/> where the help's usage lines name the executable (DeepColor.Cli, or the test host):
    /// System.CommandLine 2.0 takes that name from the process and offers no setting for it.
    /// </summary>
    internal static string WithCommandName(string help, string executableName)
    {
        var lines = help.Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            if (!lines[i - 1].TrimEnd('\r').Equals("Usage:", StringComparison.Ordinal)) continue;
            // The usage block runs until its blank line.
            for (int j = i; j < lines.Length && lines[j].Trim().Length > 0; j++)
            {
                string trimmed = lines[j].TrimStart();
                if (trimmed.StartsWith(executableName + " ", StringComparison.Ordinal) || trimmed.TrimEnd('\r') == executableName)
                    lines[j] = lines[j][..(lines[j].Length - trimmed.Length)] + CommandName + trimmed[executableName.Length..];
            }
        }
        return string.Join('\n', lines);
    }
}
