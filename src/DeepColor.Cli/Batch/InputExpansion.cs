namespace DeepColor.Cli.Batch;

/// <summary>The images the inputs expanded to, and the inputs that matched nothing.</summary>
internal sealed record InputExpansion(IReadOnlyList<BatchInput> Files, IReadOnlyList<string> Unmatched);
