namespace DeepColor.Cli.Batch;

/// <summary>One image found on the command line; <paramref name="RelativeDirectory"/> is where it sits below the folder or glob root it was found under ("" for files named directly).</summary>
internal sealed record BatchInput(string SourcePath, string RelativeDirectory)
{
    /// <summary>
    /// The path below its input root with '/' separators, as the file system spells it: what shards hash and manifests
    /// record, so it reads the same on every machine that mounts the archive, wherever the root is mounted.
    /// (No Unicode normalisation: the tool runs with invariant globalization, which has none.)
    /// </summary>
    public string RelativePath { get; } = Path.Combine(RelativeDirectory, Path.GetFileName(SourcePath)).Replace('\\', '/');
}
