namespace DeepColor.Tests.Evaluation;

/// <summary>Finds ../shared next to the repository (the folder holding DeepColor.sln), or null when it is absent.</summary>
internal static class SharedData
{
    public static readonly string? Root = Locate();

    public const string AbsentMessage = "shared data is absent (../shared next to the repository was not found)";

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException(AbsentMessage), .. parts]);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "DeepColor.sln"))) continue;
            string shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
            return Directory.Exists(shared) ? shared : null;
        }
        return null;
    }
}
