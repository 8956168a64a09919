using System.Collections.Concurrent;

namespace DeepColor.Data;

/// <summary>
/// Training data larger than memory: holds only the records' locations (<see cref="RecordLocation"/>)
/// and decodes each image when a batch asks for it, on the loader's threads. Unreadable and grayscale
/// records are found as they are read, counted once, and remembered so later epochs do not decode
/// them again.
/// </summary>
public sealed class StreamingTrainingSet : ITrainingSet
{
    private readonly IReadOnlyList<RecordLocation> _records;
    private readonly ConcurrentDictionary<int, RecordProblem> _unusable = new();

    /// <param name="records">The index: where each record lives, in a stable order.</param>
    /// <param name="storeSize">Shorter side each image is fitted to, as <see cref="DatasetLoader"/> does.</param>
    public StreamingTrainingSet(IReadOnlyList<RecordLocation> records, int storeSize)
    {
        if (records.Count == 0) throw new ArgumentException("no training records");
        _records = records;
        StoreSize = storeSize;
    }

    /// <summary>Indexes the sources once (tar headers and folder listings; no image bytes are read).</summary>
    public static StreamingTrainingSet Index(IReadOnlyList<string> specs, int storeSize, int? limit = null) =>
        new(ImageSourceReader.Locate(specs, limit).ToList(), storeSize);

    public int StoreSize { get; }
    public int Count => _records.Count;
    public IReadOnlyList<RecordLocation> Records => _records;
    public IEnumerable<string?> Labels => _records.Select(r => r.Label);

    /// <summary>Unusable records met so far, each counted once.</summary>
    public SkippedRecords Skipped { get; } = new();

    /// <summary>Records found unusable so far.</summary>
    public int UnusableCount => _unusable.Count;

    public (int Index, TrainingImage Image) Fetch(int[] order, int position)
    {
        for (int step = 0; step < order.Length; step++)
        {
            int index = order[(position + step) % order.Length];
            // Only a shortcut: a known-bad record would be found bad again, so skipping it changes nothing.
            if (_unusable.ContainsKey(index)) continue;
            var record = _records[index].Read();
            var (image, problem) = DatasetLoader.Prepare(record, StoreSize);
            if (image is not null) return (index, image);
            if (_unusable.TryAdd(index, problem)) Skipped.Add(problem, record.Name);
        }
        throw new InvalidDataException($"{_records[0].Path}: none of the {Count} streamed records is a readable colour image");
    }
}
