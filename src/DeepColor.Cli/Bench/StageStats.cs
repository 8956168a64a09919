namespace DeepColor.Cli.Bench;

/// <summary>Mean and best of one stage over the timed runs, in milliseconds.</summary>
internal sealed record StageStats(string Stage, double MeanMs, double MinMs)
{
    public static StageStats Of(string stage, IReadOnlyList<double> ms) => new(stage, ms.Average(), ms.Min());
}
