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
        string root = CrashedRun(tmp);

        var console = new TestConsole();
        int code = new RootCommand { TrainCommand.Create(console) }.Parse(["train", "--resume", root]).Invoke();

        Assert.True(code == 0, console.Output);
        // The run's own limit (1 epoch = 4 steps) holds; the option's default (10 epochs) must not replace it.
        Assert.Equal(4, MetricsLog.Read(new RunFolder(root).Metrics, "train", "loss").Max(x => x.Step));
    }

    [Fact]
    public void Should_train_with_the_chroma_match_weight_typed_and_record_it_in_the_run()
    {
        using var tmp = new TempDir();

        var (saved, _, _) = TrainOneStep(tmp, "--chroma-match-weight", "0.7");

        Assert.Equal(0.7, saved.ChromaMatchWeight);
    }

    [Fact]
    public void Should_train_with_a_rebalanced_squared_error_and_record_it_in_the_run()
    {
        using var tmp = new TempDir();

        var (saved, output, metrics) = TrainOneStep(tmp, "--regression-rebalance", "0.6");

        Assert.Contains("for the squared error (λ 0.6)", output.Replace("\n", " "));
        Assert.Equal(0.6, saved.RegressionRebalance);
        var loss = MetricsLog.Read(metrics, "train", "loss");
        Assert.True(loss.Count > 0 && loss.All(x => double.IsFinite(x.Value)), "the weighted loss must be logged and finite");
    }

    [Fact]
    public void Should_train_with_the_adversarial_options_typed_and_record_them_in_the_run()
    {
        using var tmp = new TempDir();

        var (saved, output, metrics) = TrainOneStep(tmp, "--adversarial-weight", "0.2", "--critic-lr", "3e-4", "--adversarial-warmup", "0");

        Assert.Equal((0.2, 3e-4, 0), (saved.AdversarialWeight, saved.CriticLearningRate, saved.AdversarialWarmup));
        Assert.Contains("adversarial term: weight 0.2", output.Replace("\n", " "));
        // With no warm-up the colorizer is judged from its first step.
        Assert.Single(MetricsLog.Read(metrics, "train", "adversarial"));
    }

    /// <summary>Trains one logged step on a small synthetic set with <paramref name="extra"/> typed; returns the run's saved options, the console and the metrics file.</summary>
    private static (TrainOptions Saved, string Output, string Metrics) TrainOneStep(TempDir tmp, params string[] extra)
    {
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 4, size: 40);
        var console = new TestConsole();

        int code = new RootCommand { TrainCommand.Create(console) }.Parse([
            "train", "--data", tmp.File("data"), "--size", "32", "--store-size", "40", "--batch-size", "4", "--max-steps", "1",
            "--width", "0.125", "--threads", "1", "--runs", tmp.File("runs"), "--log-every", "1", .. extra]).Invoke();

        Assert.True(code == 0, console.Output);
        string options = Directory.GetFiles(tmp.File("runs"), "options.json", SearchOption.AllDirectories).Single();
        string root = Path.GetDirectoryName(options)!;
        return (System.Text.Json.JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(options))!, console.Output, new RunFolder(root).Metrics);
    }

    [Fact]
    public void Should_refuse_a_missing_teacher_in_one_line_naming_it()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 2, size: 40);
        var console = new TestConsole();

        int code = new RootCommand { TrainCommand.Create(console) }.Parse([
            "train", "--data", tmp.File("data"), "--runs", tmp.File("runs"), "--teacher", tmp.File("teacher.onnx")]).Invoke();

        Assert.NotEqual(0, code);
        Assert.Contains("--teacher", console.Output);
        Assert.Contains("teacher.onnx: no such file", console.Output.ReplaceLineEndings(""));
        Assert.False(Directory.Exists(tmp.File("runs")), "no run folder for a refused command");
    }

    [Fact]
    public void Should_stop_in_one_line_saying_how_to_resume_when_the_run_folder_cannot_be_written()
    {
        using var tmp = new TempDir();
        string root = CrashedRun(tmp);
        // The sample sheets' folder replaced by a file: the resumed run's end-of-run sheet cannot be written.
        var run = new RunFolder(root);
        Directory.Delete(run.Samples, recursive: true);
        File.WriteAllText(run.Samples, "not a folder");

        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = new RootCommand { TrainCommand.Create(console) }.Parse(["train", "--resume", root]).Invoke();

        Assert.Equal(1, code);
        string output = console.Output;
        Assert.Contains("training stopped on a file error", output);
        Assert.Contains($"deepcolor train --resume {root}", output);
        Assert.DoesNotContain("   at ", output);
    }

    /// <summary>A one-epoch run (20 images, 4 held out: 4 steps of 4) stopped by a simulated crash after step 2, with a checkpoint at every step.</summary>
    private static string CrashedRun(TempDir tmp)
    {
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 10, size: 40);
        var options = new TrainOptions
        {
            Train = [tmp.File("data")], Size = 32, StoreSize = 40, BatchSize = 4, Epochs = 1, WidthMultiplier = 0.125, EmbeddingDim = 16,
            CheckpointEvery = 1, LogEvery = 1, ValSplit = 0.2, RunsDir = tmp.File("runs"), Seed = 7, Threads = 1, WarmupSteps = 1,
        };
        using var crashed = Trainer.Start(options, crashAfterStep: 2);
        Assert.Equal("simulated crash", crashed.Fit().StopReason);
        return crashed.Run.Root;
    }
}
