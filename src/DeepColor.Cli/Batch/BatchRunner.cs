using DeepColor.Imaging;
using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Colorizes a list of jobs: up to <c>jobs</c> files are decoded/encoded at once while the model runs
/// one image at a time (the <see cref="Colorizer"/> serialises it). A failing file is reported in one
/// line and the batch goes on; cancellation abandons files in flight before anything is written.
/// </summary>
internal sealed class BatchRunner
{
    private readonly Colorizer _colorizer;
    private readonly IAnsiConsole _console;
    private readonly Lock _consoleGate = new();

    public BatchRunner(Colorizer colorizer, IAnsiConsole console)
    {
        _colorizer = colorizer;
        _console = console;
    }

    public bool Force { get; init; }
    public int Jobs { get; init; } = 1;
    public int Quality { get; init; } = 92;

    /// <summary>Copy each input's EXIF block (date, camera, caption, GPS) to its output, made true of the output.</summary>
    public bool KeepMetadata { get; init; } = true;

    /// <summary>With <c>--manifest</c>: decides what counts as done and records each finished or failed input.</summary>
    public ManifestLedger? Ledger { get; init; }

    /// <summary>Show a progress bar (only used when there is more than one file).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Runs every job. Inputs refused while planning (e.g. output collisions) can be passed in <paramref name="preFailed"/>.</summary>
    public BatchSummary Run(IReadOnlyList<BatchJob> jobs, CancellationToken cancellationToken, IEnumerable<Rejection>? preFailed = null)
    {
        var summary = new BatchSummary();
        foreach (var rejection in preFailed ?? [])
        {
            summary.AddFailure(rejection.File, rejection.Reason);
            if (rejection.Input is not null) RecordFailure(rejection.Input, null, rejection.Reason);
        }
        try
        {
            if (ShowProgress && jobs.Count > 1)
            {
                _console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"colorizing {jobs.Count} images", maxValue: jobs.Count);
                        RunAll(jobs, summary, () => task.Increment(1), cancellationToken);
                    });
            }
            else
            {
                RunAll(jobs, summary, () => { }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            summary.Cancelled = true;
        }
        return summary;
    }

    private void RunAll(IReadOnlyList<BatchJob> jobs, BatchSummary summary, Action advance, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Jobs), CancellationToken = cancellationToken };
        Parallel.ForEach(jobs, options, job =>
        {
            RunOne(job, summary, cancellationToken);
            advance();
        });
    }

    private void RunOne(BatchJob job, BatchSummary summary, CancellationToken cancellationToken)
    {
        try
        {
            if (!Force && (Ledger?.IsDone(job) ?? File.Exists(job.Output)))
            {
                summary.AddSkipped();
                return;
            }
            var result = _colorizer.Colorize(job.Source, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            TemporaryFiles.RemoveStale(job.Output);
            new OutputEncoder(Quality, KeepMetadata).Save(result.Image, job.Output, job.Format, job.Source);
            Ledger?.RecordDone(job);
            summary.AddDone(result.WasAlreadyColour);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // One bad file must never stop the batch, whatever went wrong with it.
            string reason = e is ImageLoadException load ? load.Reason : e.Message;
            summary.AddFailure(job.Source, reason);
            RecordFailure(job.Input, job, reason);
            lock (_consoleGate) _console.MarkupLineInterpolated($"[red]error:[/] {job.Source}: {reason}");
        }
    }

    private void RecordFailure(BatchInput input, BatchJob? job, string reason)
    {
        try { Ledger?.RecordFailed(input, job, reason); }
        catch (IOException e)
        {
            lock (_consoleGate) _console.MarkupLineInterpolated($"[red]error:[/] cannot append to the manifest: {e.Message}");
        }
    }
}
