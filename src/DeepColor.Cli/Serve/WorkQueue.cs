namespace DeepColor.Cli.Serve;

/// <summary>
/// Admits at most <c>capacity</c> requests at once and runs at most <c>workers</c> of them, so a burst can
/// neither pile up memory nor wait without end: the one over capacity is turned away at the door.
/// </summary>
internal sealed class WorkQueue
{
    private readonly SemaphoreSlim _workers;
    private readonly int _capacity;
    private int _admitted;

    public WorkQueue(int workers, int capacity)
    {
        _workers = new SemaphoreSlim(workers, workers);
        _capacity = capacity;
    }

    /// <summary>Requests admitted and not yet finished (working or waiting).</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    public int Capacity => _capacity;

    /// <summary>Takes a place in the queue, or returns null when it is full.</summary>
    public Ticket? TryAdmit()
    {
        if (Interlocked.Increment(ref _admitted) <= _capacity) return new Ticket(this);
        Interlocked.Decrement(ref _admitted);
        return null;
    }

    /// <summary>A place in the queue: <see cref="RunAsync{T}"/> gives it back when the work ends; Dispose gives it back only when no work started.</summary>
    public sealed class Ticket : IDisposable
    {
        private readonly WorkQueue _queue;
        private int _released;
        private bool _started;

        internal Ticket(WorkQueue queue) => _queue = queue;

        /// <summary>
        /// Waits for a worker and runs <paramref name="work"/> on the thread pool. The caller may stop waiting
        /// (its token fires) while the work runs on: libtorch cannot be interrupted mid-pass, so the worker and
        /// the place are held until the work itself has seen the token and stopped.
        /// </summary>
        public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
        {
            if (_started) throw new InvalidOperationException("a ticket runs one piece of work");
            _started = true;
            var run = RunHeldAsync(work, cancellationToken);
            return run.WaitAsync(cancellationToken);
        }

        private async Task<T> RunHeldAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
        {
            try
            {
                await _queue._workers.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await Task.Run(() => work(cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _queue._workers.Release();
                }
            }
            finally
            {
                Release();
            }
        }

        public void Dispose()
        {
            if (!_started) Release();
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref _queue._admitted);
        }
    }
}
