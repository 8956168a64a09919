namespace DeepColor.Cli.Batch;

/// <summary>An input that gets no output, or a command-line input that matched nothing (<paramref name="Input"/> null).</summary>
internal sealed record Rejection(string File, string Reason, BatchInput? Input = null);
