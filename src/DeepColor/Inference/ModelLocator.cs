namespace DeepColor.Inference;

/// <summary>Turns "default" or a path into an existing model file.</summary>
internal static class ModelLocator
{
    public const string DefaultName = "default";
    public const string DefaultRelativePath = "models/default.dclr";

    // The model-file format settled on ".dclr" while this was written; accept either name for the shipped model.
    private static readonly string[] DefaultFileNames = ["models/default.dclr"];

    /// <summary>Throws <see cref="FileNotFoundException"/> listing where it looked.</summary>
    public static string Resolve(string modelPathOrDefault, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPathOrDefault);
        if (!string.Equals(modelPathOrDefault, DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            if (File.Exists(modelPathOrDefault)) return Path.GetFullPath(modelPathOrDefault);
            throw new FileNotFoundException($"model file not found: {modelPathOrDefault}", modelPathOrDefault);
        }

        var searched = new List<string>();
        foreach (var candidate in DefaultCandidates(baseDirectory ?? AppContext.BaseDirectory))
        {
            searched.Add(candidate);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"the default model ({DefaultRelativePath}) was not found next to the application or in any parent folder of it; pass --model PATH. Looked in: {string.Join(", ", searched.Take(3))}{(searched.Count > 3 ? ", …" : "")}",
            DefaultRelativePath);
    }

    // Next to the app covers installed builds (the file is copied to the output);
    // walking up covers running from a source checkout (bin/Release/net10.0 → repo root).
    private static IEnumerable<string> DefaultCandidates(string baseDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(baseDirectory)); dir is not null; dir = dir.Parent)
            foreach (var name in DefaultFileNames)
                yield return Path.Combine(dir.FullName, name);
    }
}
