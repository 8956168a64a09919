namespace DeepColor.Cli.Serve;

/// <summary>What happened to the colorize requests so far; shown by <c>/api/health</c>. Safe to update from any thread.</summary>
internal sealed class ServeStats
{
    private long _done, _refused, _busy, _timedOut, _cancelled, _failed;

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Bad input or bad options: answered 4xx.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Turned away because the queue was full: answered 503 with Retry-After.</summary>
    public long Busy => Interlocked.Read(ref _busy);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>The client went away before its answer was ready.</summary>
    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Our own failures: answered 500 without details.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void AddDone() => Interlocked.Increment(ref _done);
    public void AddRefused() => Interlocked.Increment(ref _refused);
    public void AddBusy() => Interlocked.Increment(ref _busy);
    public void AddTimedOut() => Interlocked.Increment(ref _timedOut);
    public void AddCancelled() => Interlocked.Increment(ref _cancelled);
    public void AddFailed() => Interlocked.Increment(ref _failed);
}
