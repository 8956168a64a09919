namespace DeepColor.Cli.Batch;

/// <summary>What decides which inputs a run takes and where their outputs go: the options colorize and verify share.</summary>
internal sealed record BatchNaming(IReadOnlyList<string> Inputs, string? Output, string Suffix, OutputFormatChoice Format, bool Recursive, ShardSpec Shard);
