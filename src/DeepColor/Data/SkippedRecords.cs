using System.Collections.Concurrent;

namespace DeepColor.Data;

/// <summary>Why a record gives no training image.</summary>
public enum RecordProblem
{
    None,
    Unreadable,
    Grayscale,
}

/// <summary>Tally of skipped records for the log, safe to add to from loader threads: counts plus the first few names.</summary>
public sealed class SkippedRecords
{
    private readonly ConcurrentQueue<string> _unreadable = new();
    private readonly ConcurrentQueue<string> _grayscale = new();

    public int Unreadable => _unreadable.Count;
    public int Grayscale => _grayscale.Count;

    public void Add(RecordProblem problem, string name)
    {
        if (problem == RecordProblem.Unreadable) _unreadable.Enqueue(name);
        else if (problem == RecordProblem.Grayscale) _grayscale.Enqueue(name);
    }

    public DatasetLoadReport Report(int loaded) =>
        new(loaded, _unreadable.Count, _unreadable.Take(3).ToList(), _grayscale.Count, _grayscale.Take(3).ToList());
}
