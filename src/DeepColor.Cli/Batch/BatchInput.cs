namespace DeepColor.Cli.Batch;

/// <summary>One image found on the command line; <paramref name="RelativeDirectory"/> is where it sits below the folder or glob root it was found under ("" for files named directly).</summary>
internal sealed record BatchInput(string SourcePath, string RelativeDirectory);
