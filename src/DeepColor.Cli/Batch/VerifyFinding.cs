namespace DeepColor.Cli.Batch;

/// <summary>One planned output that is not as it should be: <paramref name="Kind"/> is missing, broken, stale or refused.</summary>
internal sealed record VerifyFinding(string Kind, string File, string Detail);
