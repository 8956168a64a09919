using DeepColor.Imaging;

namespace DeepColor.Cli.Batch;

/// <summary>One file to colorize and where its result goes.</summary>
internal sealed record BatchJob(string Source, string Output, ImageFormat Format);
