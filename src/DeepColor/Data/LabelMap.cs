namespace DeepColor.Data;

/// <summary>Class names ↔ dense indices in ordinal name order, so indices do not depend on load order.</summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, int> _indices;

    public LabelMap(IEnumerable<string> names)
    {
        Names = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _indices = Names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Names { get; }
    public int Count => Names.Count;

    /// <summary>Index of a known name, or −1 (unlabelled, or a class the model was not trained on).</summary>
    public int IndexOf(string? name) => name is not null && _indices.TryGetValue(name, out int i) ? i : -1;

    public static LabelMap FromImages(IEnumerable<TrainingImage> images) => FromLabels(images.Select(i => i.Label));

    /// <summary>The classes of a set's labels (unlabelled records add none); a streamed set gives them from its index.</summary>
    public static LabelMap FromLabels(IEnumerable<string?> labels) => new(labels.OfType<string>());
}
