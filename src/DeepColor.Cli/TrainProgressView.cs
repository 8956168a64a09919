using DeepColor.Training;
using Spectre.Console;

namespace DeepColor.Cli;

/// <summary>
/// Renders <see cref="TrainProgress"/> as a Spectre progress bar on a terminal, or as plain log lines
/// when output is redirected (nohup, CI), where a live display would be noise.
/// </summary>
internal static class TrainProgressView
{
    public static TrainResult Run(IAnsiConsole console, Func<IProgress<TrainProgress>, CancellationToken, TrainResult> fit, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Ctrl-C asks the trainer to stop at the next step boundary and write a checkpoint. So does
        // SIGTERM (`kill PID`): a run started with `nohup … &` ignores SIGINT, as background jobs of a
        // non-interactive shell do, and `kill` is how such a run gets stopped.
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        try
        {
            if (!console.Profile.Capabilities.Interactive)
            {
                return fit(new PlainLines(console), cts.Token);
            }
            TrainResult? result = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("loading data", maxValue: 1);
                    var progress = new SyncProgress(p =>
                    {
                        if (p.TotalSteps > 0) task.MaxValue = p.TotalSteps;
                        task.Value = p.Step;
                        task.Description = p.Phase == "training"
                            ? $"epoch {p.Epoch} step {p.Step} loss {p.Loss:F4} {p.ImagesPerSecond:F1} img/s wait {p.LoaderWaitShare:P0}"
                            : p.Phase;
                    });
                    result = fit(progress, cts.Token);
                });
            return result!;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// One line per training report (the trainer already reports every --log-every steps); for the other
    /// phases, the phase once and then a count at each tenth, so a log shows that a long pass moves without
    /// a line per batch.
    /// </summary>
    internal sealed class PlainLines(IAnsiConsole console) : IProgress<TrainProgress>
    {
        private string? _phase;
        private long _tenth;

        public void Report(TrainProgress p)
        {
            if (p.Phase == "training")
            {
                console.WriteLine($"step {p.Step}/{p.TotalSteps} epoch {p.Epoch} loss {p.Loss:F5} {p.ImagesPerSecond:F1} img/s loader-wait {p.LoaderWaitShare:P0}");
                return;
            }
            if (p.Phase != _phase)
            {
                _phase = p.Phase;
                _tenth = 0;
                console.WriteLine(p.Phase);
            }
            if (p.TotalSteps <= 0) return;
            long tenth = p.Step * 10 / p.TotalSteps;
            if (tenth <= _tenth) return;
            _tenth = tenth;
            console.WriteLine($"{p.Phase}: {p.Step}/{p.TotalSteps}");
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
    private sealed class SyncProgress(Action<TrainProgress> report) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => report(value);
    }
}
