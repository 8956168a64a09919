namespace DeepColor.Cli.Batch;

/// <summary>Counts and failures of one batch; safe to update from several workers.</summary>
internal sealed class BatchSummary
{
    private readonly Lock _gate = new();
    private readonly List<(string File, string Reason)> _failures = [];
    private int _done, _skipped, _alreadyColour;

    public int Done => _done;
    public int Skipped => _skipped;
    public int AlreadyColour => _alreadyColour;
    public bool Cancelled { get; set; }

    public IReadOnlyList<(string File, string Reason)> Failures
    {
        get { lock (_gate) return _failures.ToList(); }
    }

    public int Failed
    {
        get { lock (_gate) return _failures.Count; }
    }

    public void AddDone(bool alreadyColour)
    {
        Interlocked.Increment(ref _done);
        if (alreadyColour) Interlocked.Increment(ref _alreadyColour);
    }

    public void AddSkipped() => Interlocked.Increment(ref _skipped);

    public void AddFailure(string file, string reason)
    {
        lock (_gate) _failures.Add((file, reason));
    }

    /// <summary>0 when everything went through, 1 when a file failed, 130 when interrupted.</summary>
    public int ExitCode => Cancelled ? ExitCodes.Interrupted : Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
}
