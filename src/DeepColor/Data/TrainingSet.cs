namespace DeepColor.Data;

/// <summary>
/// What a <see cref="BatchLoader"/> draws training images from: decoded images held in memory, or
/// records streamed from their sources as batches need them.
/// </summary>
public interface ITrainingSet
{
    /// <summary>Records in the set (a streamed set counts unusable ones too until they are read).</summary>
    int Count { get; }

    /// <summary>Every record's label, in record order (no image is read).</summary>
    IEnumerable<string?> Labels { get; }

    /// <summary>
    /// The image at <paramref name="position"/> of <paramref name="order"/> and its record index. A set that
    /// finds a record unusable moves on along <paramref name="order"/>, so what a position yields depends
    /// only on the order and the data, never on timing or on which thread asks first.
    /// Safe to call from several threads at once.
    /// </summary>
    (int Index, TrainingImage Image) Fetch(int[] order, int position);
}

/// <summary>Images decoded up front (<see cref="DatasetLoader"/>): every record is usable.</summary>
public sealed class InMemoryTrainingSet(IReadOnlyList<TrainingImage> images) : ITrainingSet
{
    public IReadOnlyList<TrainingImage> Images { get; } = images;
    public int Count => Images.Count;
    public IEnumerable<string?> Labels => Images.Select(i => i.Label);
    public (int Index, TrainingImage Image) Fetch(int[] order, int position) => (order[position], Images[order[position]]);
}
