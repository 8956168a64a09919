using System.Diagnostics;
using System.Text.Json;
using DeepColor.Tests.Support;
using DeepColor.Training;

namespace DeepColor.Tests.Training;

/// <summary>
/// A real <c>kill -9</c>: the CLI trains in a child process that is killed mid-run, then the run is
/// resumed here. The in-process crash test in <see cref="TrainerTests"/> pins the exact step; this one
/// proves the same holds when the process dies at an arbitrary moment (even mid-checkpoint write).
/// </summary>
public sealed class KilledProcessTests
{
    [Fact]
    public void Should_resume_a_killed_training_process_losing_at_most_one_checkpoint_interval()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 8, size: 40);
        string cli = Path.Combine(AppContext.BaseDirectory, "DeepColor.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            cli, "train", "--data", tmp.File("data"), "--size", "32", "--store-size", "40", "--batch-size", "4", "--epochs", "100000",
            "--width", "0.125", "--checkpoint-every", "2", "--log-every", "1", "--validate-every", "1000000", "--val-split", "0.2",
            "--runs", tmp.File("runs"), "--seed", "7", "--threads", "1", "--warmup", "3", "--name", "killed",
        }) start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string? runDir = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            runDir ??= Directory.Exists(tmp.File("runs")) ? Directory.GetDirectories(tmp.File("runs")).FirstOrDefault() : null;
            if (runDir is not null && MetricsLog.Read(new RunFolder(runDir).Metrics, "train", "loss").Count >= 7) break;
            Thread.Sleep(20);
        }
        Assert.False(process.HasExited, "the training process ended before it could be killed");
        process.Kill(entireProcessTree: true); // SIGKILL: no handler runs, nothing is saved at this moment
        process.WaitForExit();
        Assert.NotNull(runDir);

        var run = new RunFolder(runDir);
        long lastLogged = MetricsLog.Read(run.Metrics, "train", "loss").Max(x => x.Step);
        var options = JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(run.Options))!;

        using var resumed = Trainer.Resume(runDir, o => o with { MaxSteps = lastLogged + 4 });
        var result = resumed.Fit();
        Assert.True(result.Succeeded, result.StopReason);
        long resumedFrom = lastLogged + 4 - resumed.StepLosses.Count;
        // Steps done before the kill were lastLogged or lastLogged + 1; checkpoints come every 2 steps and at
        // each epoch's end (which can fall on an odd step), so at most one interval is lost.
        Assert.InRange(resumedFrom, lastLogged - 2, lastLogged + 1);

        // An uninterrupted run with the same options gives the same losses from the resumed step on.
        using var reference = Trainer.Start(options with { Name = "reference", MaxSteps = lastLogged + 4 });
        Assert.True(reference.Fit().Succeeded);
        for (int i = 0; i < resumed.StepLosses.Count; i++)
            Assert.Equal(reference.StepLosses[(int)resumedFrom + i], resumed.StepLosses[i], 5);
    }
}
