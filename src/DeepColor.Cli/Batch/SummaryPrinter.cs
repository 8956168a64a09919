using Spectre.Console;

namespace DeepColor.Cli.Batch;

/// <summary>The end-of-batch report.</summary>
internal static class SummaryPrinter
{
    public static void Print(IAnsiConsole console, BatchSummary summary)
    {
        var parts = new List<string> { $"[green]{summary.Done} done[/]" };
        if (summary.Skipped > 0) parts.Add($"{summary.Skipped} skipped (output exists; --force to redo)");
        if (summary.AlreadyColour > 0) parts.Add($"[yellow]{summary.AlreadyColour} already colour[/] (recoloured from their lightness)");
        parts.Add(summary.Failed > 0 ? $"[red]{summary.Failed} failed[/]" : "0 failed");
        console.MarkupLine(string.Join(", ", parts));
        foreach (var (file, reason) in summary.Failures)
            console.MarkupLineInterpolated($"  [red]✗[/] {file}: {reason}");
        if (summary.Cancelled)
            console.MarkupLine("[yellow]interrupted[/]: files in progress were abandoned; run the same command again to continue.");
    }
}
