namespace DeepColor.Cli.Bench;

/// <summary>What <c>deepcolor bench</c> runs.</summary>
internal sealed record BenchSettings
{
    public int Width { get; init; } = 768;
    public int Height { get; init; } = 512;
    public int Runs { get; init; } = 10;
    public int Warmup { get; init; } = 2;
    public int BatchImages { get; init; } = 8;
    public int Jobs { get; init; } = 2;

    /// <summary>Size of the peak-memory test image in megapixels (3:2); 0 skips it.</summary>
    public double LargeMegapixels { get; init; } = 24;
}
