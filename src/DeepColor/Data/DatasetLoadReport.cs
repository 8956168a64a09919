namespace DeepColor.Data;

/// <summary>What loading skipped, for the log: counts plus the first few names.</summary>
public sealed record DatasetLoadReport(int Loaded, int Unreadable, IReadOnlyList<string> FirstUnreadable, int Grayscale, IReadOnlyList<string> FirstGrayscale)
{
    public override string ToString() =>
        $"{Loaded} images loaded; {Unreadable} unreadable skipped{Examples(FirstUnreadable)}; {Grayscale} grayscale skipped{Examples(FirstGrayscale)}";

    private static string Examples(IReadOnlyList<string> names) => names.Count == 0 ? "" : " (" + string.Join(", ", names) + (names.Count >= 3 ? ", …" : "") + ")";
}
