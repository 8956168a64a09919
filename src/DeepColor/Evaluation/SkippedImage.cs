namespace DeepColor.Evaluation;

/// <summary>An entry of the evaluation set that could not be decoded, and why.</summary>
public sealed record SkippedImage(string Name, string Reason);
