namespace DeepColor.Tests.Support;

/// <summary>The repository checkout the tests run from (the folder holding DeepColor.sln).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeepColor.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no DeepColor.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootDir.Value;
}
