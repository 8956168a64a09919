using DeepColor.Imaging;

namespace DeepColor.Cli.Batch;

/// <summary>One file to colorize and where its result goes; <paramref name="OutputName"/> is the output's path below the output root (or the input's root), '/'-separated, as manifests record it.</summary>
internal sealed record BatchJob(BatchInput Input, string Output, string OutputName, ImageFormat Format)
{
    public string Source => Input.SourcePath;
}
