namespace DeepColor.Cli.Bench;

/// <summary>Everything <c>deepcolor bench</c> measured; written as JSON with <c>--json</c>.</summary>
internal sealed record BenchReport
{
    public required string Model { get; init; }
    public required string Machine { get; init; }
    public required int LibtorchThreads { get; init; }
    public required string ImageSize { get; init; }
    public required string RenderSize { get; init; }

    /// <summary>How the full-resolution pass upsamples colour (guided or bilinear); it sets the compose stage's cost.</summary>
    public required string ChromaUpsampling { get; init; }
    public required int Runs { get; init; }
    public required int Warmup { get; init; }
    public required IReadOnlyList<StageStats> Stages { get; init; }

    /// <summary>End-to-end mean (decode → encode) for one image.</summary>
    public required double LatencyMs { get; init; }

    public required int BatchImages { get; init; }
    public required int BatchJobs { get; init; }
    public required double BatchImagesPerSecond { get; init; }

    public long? ModelFlops { get; init; }
    public double? ModelGflopsPerSecond { get; init; }

    public double? LargeMegapixels { get; init; }
    public double? LargeSeconds { get; init; }
    public long? LargePeakRssBytes { get; init; }
    public string? LargePeakRssMethod { get; init; }
}
