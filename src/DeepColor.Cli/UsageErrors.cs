using Spectre.Console;

namespace DeepColor.Cli;

/// <summary>The one-line report of a usage error, shared so that every command words and codes it alike.</summary>
internal static class UsageErrors
{
    /// <summary>Prints "error: <paramref name="message"/>" and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Report(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.Usage;
    }

    /// <summary>An argument check's message without the " (Parameter 'x')" tail .NET appends, which means nothing to a CLI user.</summary>
    public static string MessageOf(ArgumentException e) => e.Message.Split(" (Parameter")[0];
}
