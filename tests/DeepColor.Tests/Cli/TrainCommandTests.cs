using System.CommandLine;
using DeepColor.Cli.Commands;
using DeepColor.Tests.Support;
using DeepColor.Training;
using Spectre.Console.Testing;

namespace DeepColor.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public void Should_resume_with_the_saved_limits_when_none_are_typed()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 10, size: 40);
        // 20 images, 4 held out: 16 training images in batches of 4 = 4 steps per epoch.
        var options = new TrainOptions
        {
            Train = [tmp.File("data")], Size = 32, StoreSize = 40, BatchSize = 4, Epochs = 1, WidthMultiplier = 0.125, EmbeddingDim = 16,
            CheckpointEvery = 1, LogEvery = 1, ValSplit = 0.2, RunsDir = tmp.File("runs"), Seed = 7, Threads = 1, WarmupSteps = 1,
        };
        string root;
        using (var crashed = Trainer.Start(options, crashAfterStep: 2))
        {
            Assert.Equal("simulated crash", crashed.Fit().StopReason);
            root = crashed.Run.Root;
        }

        var console = new TestConsole();
        int code = new RootCommand { TrainCommand.Create(console) }.Parse(["train", "--resume", root]).Invoke();

        Assert.True(code == 0, console.Output);
        // The run's own limit (1 epoch = 4 steps) holds; the option's default (10 epochs) must not replace it.
        Assert.Equal(4, MetricsLog.Read(new RunFolder(root).Metrics, "train", "loss").Max(x => x.Step));
    }
}
