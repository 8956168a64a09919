using DeepColor.Evaluation;
using DeepColor.Model;
using DeepColor.Model.Networks;
using DeepColor.Tests.Model.Extractors;
using DeepColor.Tests.Support;
using DeepColor.Training;

namespace DeepColor.Tests.Training;

public sealed class TrainerTests
{
    private static TrainOptions Tiny(string data, string runs) => new()
    {
        Train = [data], Size = 32, StoreSize = 40, BatchSize = 4, Epochs = 3, LearningRate = 1e-3, WidthMultiplier = 0.125,
        EmbeddingDim = 16, CheckpointEvery = 2, LogEvery = 1, ValSplit = 0.2, RunsDir = runs, Seed = 7, Threads = 1, WarmupSteps = 3,
    };

    /// <summary>Synthetic photos in tmp/data and a small U-Net file to fine-tune, with options that do not name --arch.</summary>
    private static TrainOptions UNetFineTune(TempDir tmp)
    {
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 4, size: 80);
        string file = tmp.File("unet.dclr");
        using (var net = ColorizationNet.Create(ColorizerConfig.UNet(64) with { WidthMultiplier = 0.125, AbBins = AbBins.Count, Decode = "blend" }, seed: 5))
            ColorizerModelFile.Save(net, file);
        return Tiny(tmp.File("data"), tmp.File("runs")) with { InitFrom = file, Size = 64, StoreSize = 72, Loss = "mixed" };
    }

    [Fact]
    public void Should_write_run_artefacts_and_train_with_bins_and_class_losses()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 3, perClass: 6, size: 48);
        using var trainer = Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with { ClassWeight = 0.01, Loss = "mixed", Norm = "batch", Epochs = 2 });

        var result = trainer.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        Assert.All(trainer.StepLosses, l => Assert.True(double.IsFinite(l)));
        var run = trainer.Run;
        Assert.True(File.Exists(run.Options));
        Assert.True(File.Exists(run.LastCheckpoint));
        Assert.True(File.Exists(run.BestCheckpoint));
        Assert.True(File.Exists(run.LossCurve));
        Assert.NotEmpty(Directory.GetFiles(run.Samples, "*.png"));
        Assert.Equal(2, MetricsLog.Read(run.Metrics, "val", "loss").Count);
        var hue = MetricsLog.Read(run.Metrics, "val", "hue_accuracy");
        Assert.Equal(2, hue.Count);
        Assert.All(hue, h => Assert.InRange(h.Value, 0.0, 1.0));
        // Each validation also logs hue accuracy per truth hue family that has coloured pixels.
        var perFamily = HueFamily.All.Select(f => MetricsLog.Read(run.Metrics, "val", "hue_" + f.Key)).Where(v => v.Count > 0).ToList();
        Assert.NotEmpty(perFamily);
        Assert.All(perFamily, v => { Assert.Equal(2, v.Count); Assert.All(v, h => Assert.InRange(h.Value, 0.0, 1.0)); });
        Assert.Equal(2, result.State.Epoch);
    }

    [Fact]
    public void Should_train_with_the_recognition_term_and_log_it_for_training_and_validation()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 6, size: 48);
        using var trainer = Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with { RecognitionWeight = 0.5, Epochs = 1 });

        var result = trainer.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        var train = MetricsLog.Read(trainer.Run.Metrics, "train", "recognition");
        var val = MetricsLog.Read(trainer.Run.Metrics, "val", "recognition");
        Assert.NotEmpty(train);
        Assert.Single(val);
        Assert.All(train.Concat(val), r => Assert.InRange(r.Value, 1e-6, 2.0));
    }

    [Fact]
    public void Should_judge_the_colorizer_by_the_critic_only_after_its_warmup_and_keep_the_critic_in_the_checkpoints()
    {
        // Given a run with the adversarial term, whose critic learns alone for its first 3 steps
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 6, size: 40);
        using var trainer = Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with
        {
            AdversarialWeight = 0.1, AdversarialWarmup = 3, MaxSteps = 6, Epochs = 50, ValidateEvery = 6,
        });

        var result = trainer.Fit();

        // Then the critic trains at every step, the colorizer is judged from step 4 on, and the critic is saved
        Assert.True(result.Succeeded, result.StopReason);
        var critic = MetricsLog.Read(trainer.Run.Metrics, "train", "critic");
        var adversarial = MetricsLog.Read(trainer.Run.Metrics, "train", "adversarial");
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, critic.Select(c => c.Step).ToArray());
        Assert.Equal(new long[] { 4, 5, 6 }, adversarial.Select(c => c.Step).ToArray());
        Assert.All(critic.Concat(adversarial), v => Assert.InRange(v.Value, 1e-9, 10.0));
        Assert.True(File.Exists(trainer.Run.CriticCheckpoint));
        Assert.InRange(Assert.Single(MetricsLog.Read(trainer.Run.Metrics, "val", "critic_painted")).Value, -10.0, 10.0);
        Assert.Single(MetricsLog.Read(trainer.Run.Metrics, "val", "critic_truth"));
    }

    [Fact]
    public void Should_resume_an_adversarial_run_with_its_critic_taking_the_same_steps()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 8, size: 40);
        var options = Tiny(tmp.File("data"), tmp.File("runs")) with { MaxSteps = 7, Epochs = 10, AdversarialWeight = 0.5, AdversarialWarmup = 2 };
        using var reference = Trainer.Start(options with { Name = "reference" });
        reference.Fit();

        // "kill -9" after step 5: the last checkpoints, colorizer and critic, are from step 4.
        string runRoot;
        using (var crashed = Trainer.Start(options with { Name = "crashed" }, crashAfterStep: 5))
        {
            crashed.Fit();
            runRoot = crashed.Run.Root;
        }
        using var resumed = Trainer.Resume(runRoot);
        var result = resumed.Fit();

        // The losses after the resume include the critic's verdict; a fresh critic would give other ones.
        Assert.True(result.Succeeded, result.StopReason);
        Assert.Equal(3, resumed.StepLosses.Count);
        Assert.Equal(reference.StepLosses[4], resumed.StepLosses[0], 5);
        Assert.Equal(reference.StepLosses[6], resumed.StepLosses[2], 5);
        Assert.Contains("critic resumed from step 4", File.ReadAllText(resumed.Run.Log));
    }

    [Theory]
    [InlineData(5, new long[] { 3, 5 })]
    [InlineData(6, new long[] { 3, 6 })]
    public void Should_validate_the_model_a_max_steps_run_ends_with_once(int maxSteps, long[] expectedSteps)
    {
        // Given a run that validates every 3 steps and stops at --max-steps, on or off that grid
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 6, size: 40);
        using var trainer = Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with { MaxSteps = maxSteps, ValidateEvery = 3, Epochs = 50 });

        var result = trainer.Fit();

        // Then its last step is validated exactly once, so the written model's figures are in the log
        Assert.True(result.Succeeded, result.StopReason);
        Assert.Equal(maxSteps, result.State.Step);
        Assert.Equal(expectedSteps, MetricsLog.Read(trainer.Run.Metrics, "val", "loss").Select(v => v.Step).ToArray());
        Assert.Contains($"validation at step {maxSteps}:", File.ReadAllText(trainer.Run.Log));
    }

    /// <summary>The reference is always held in memory: on a clean folder, streaming must take the very same steps.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_resume_after_a_kill_with_the_same_next_step_loss_losing_at_most_one_checkpoint_interval(bool stream)
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 8, size: 40);
        var options = Tiny(tmp.File("data"), tmp.File("runs")) with { MaxSteps = 7, Epochs = 10 };

        using var reference = Trainer.Start(options with { Name = "reference" });
        reference.Fit();

        // "kill -9" after step 5: nothing is saved at that moment; the last checkpoint is from step 4.
        string runRoot;
        using (var crashed = Trainer.Start(options with { Name = "crashed", Stream = stream }, crashAfterStep: 5))
        {
            var crash = crashed.Fit();
            Assert.Equal("simulated crash", crash.StopReason);
            runRoot = crashed.Run.Root;
        }

        using var resumed = Trainer.Resume(runRoot);
        var result = resumed.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        Assert.Equal(7, result.State.Step);
        // Resumed from step 4: one step (5) was lost and redone, within one checkpoint interval (2).
        Assert.Equal(3, resumed.StepLosses.Count);
        Assert.Equal(reference.StepLosses[4], resumed.StepLosses[0], 5);
        Assert.Equal(reference.StepLosses[6], resumed.StepLosses[2], 5);
        Assert.Contains(stream ? "training data, streamed: 13 records" : "training data, held in memory", File.ReadAllText(resumed.Run.Log));
        Assert.Contains("memory: peak working set", File.ReadAllText(resumed.Run.Log));
    }

    [SharedDataFact]
    public void Should_train_with_a_frozen_onnx_extractor_and_reuse_cached_embeddings()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 5, size: 40);
        var options = Tiny(tmp.File("data"), tmp.File("runs")) with
        {
            Extractor = "mobilenetv2", ExtractorPath = SharedDataLocator.MobileNetV2, MaxSteps = 2, EmbeddingCacheDir = tmp.File("cache"),
        };

        using (var first = Trainer.Start(options)) Assert.True(first.Fit().Succeeded);
        using var second = Trainer.Start(options with { Name = "again" });
        var result = second.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        var log = File.ReadAllText(second.Run.Log);
        Assert.Contains("hit rate 100.0%", log);
        Assert.Contains("extractor mobilenetv2", log);
    }

    [SharedDataFact]
    public void Should_distil_the_teachers_classes_into_the_global_branch_without_needing_it_to_colorize()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 5, size: 40);
        var options = Tiny(tmp.File("data"), tmp.File("runs")) with
        {
            TeacherPath = SharedDataLocator.MobileNetV2, ClassWeight = 0.05, MaxSteps = 2, EmbeddingCacheDir = tmp.File("cache"),
        };

        using (var first = Trainer.Start(options)) Assert.True(first.Fit().Succeeded);
        using var second = Trainer.Start(options with { Name = "again" });
        var result = second.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        Assert.All(second.StepLosses, l => Assert.True(double.IsFinite(l)));
        var log = File.ReadAllText(second.Run.Log);
        Assert.Contains("1000 classes distilled from mobilenetv2", log);
        Assert.Contains("hit rate 100.0%", log);
        // The folders' 2 labels are not the target: the head is the teacher's width, and the model
        // still computes its own features, so colorizing needs no classifier.
        using var model = DeepColor.Model.ColorizerModelFile.Load(second.Run.Model);
        Assert.Equal(1000, model.Config.NumClasses);
        Assert.True(model.Config.UsesGlobalBranch);
    }

    [Fact]
    public void Should_fine_tune_from_a_model_file_keeping_its_architecture_and_weights()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("a"), classes: 3, perClass: 4, size: 40);
        SyntheticImages.WriteFolder(tmp.File("b"), classes: 2, perClass: 4, size: 40);
        string pretrained;
        using (var first = Trainer.Start(Tiny(tmp.File("a"), tmp.File("runs")) with { Norm = "batch", Loss = "mixed", ClassWeight = 0.01, MaxSteps = 2 }))
        {
            Assert.True(first.Fit().Succeeded);
            pretrained = first.Run.Model;
        }

        // Different labels (2 classes, so a new class head), MSE (no bins head), and no --norm given:
        // the architecture comes from the file. A vanishing learning rate leaves the loaded weights as they were.
        using var tuned = Trainer.Start(Tiny(tmp.File("b"), tmp.File("runs")) with { InitFrom = pretrained, ClassWeight = 0.01, MaxSteps = 1, LearningRate = 1e-12, Name = "tuned" });
        var result = tuned.Fit();

        Assert.True(result.Succeeded, result.StopReason);
        Assert.Contains("initialised from", File.ReadAllText(tuned.Run.Log));
        using var before = DeepColor.Model.ColorizerModelFile.Load(pretrained);
        using var after = DeepColor.Model.ColorizerModelFile.Load(tuned.Run.Model);
        Assert.Equal("batch", after.Config.Norm);
        var old = before.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int compared = 0;
        foreach (var (name, p) in after.named_parameters())
        {
            if (name.StartsWith("global_branch.cls", StringComparison.Ordinal)) continue;
            Assert.True(p.allclose(old[name], rtol: 1e-5, atol: 1e-6), name);
            compared++;
        }
        Assert.True(compared > 10);
        Assert.DoesNotContain(after.named_parameters(), p => p.name.StartsWith("bins_head.", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_fine_tune_a_unet_file_as_a_unet_run_without_being_told_the_arch()
    {
        // Given a small U-Net model file and training options that do not name --arch
        using var tmp = new TempDir();
        var options = UNetFineTune(tmp);

        // When it is fine-tuned for a step
        using var tuned = Trainer.Start(options with { MaxSteps = 1 });
        var result = tuned.Fit();

        // Then the run folder, its options and its model all say deepcolor-unet
        Assert.True(result.Succeeded, result.StopReason);
        Assert.Contains(ColorizerConfig.UNetArchitectureName, Path.GetFileName(tuned.Run.Root));
        Assert.Contains(ColorizerConfig.UNetArchitectureName, File.ReadAllText(tuned.Run.Options));
        Assert.Equal(ColorizerConfig.UNetArchitectureName, ColorizerModelFile.ReadConfig(tuned.Run.Model).Architecture);
    }

    [Fact]
    public void Should_resume_a_fine_tuned_unet_run_after_its_init_file_is_gone()
    {
        // Given a U-Net fine-tuning run killed after step 2 (checkpoint at step 2), whose --init file is then deleted
        using var tmp = new TempDir();
        var options = UNetFineTune(tmp);
        string runRoot;
        using (var crashed = Trainer.Start(options with { MaxSteps = 3 }, crashAfterStep: 2))
        {
            Assert.Equal("simulated crash", crashed.Fit().StopReason);
            runRoot = crashed.Run.Root;
        }
        File.Delete(options.InitFrom!);

        // When it is resumed
        using var resumed = Trainer.Resume(runRoot);
        var result = resumed.Fit();

        // Then the run's own model config, not the missing file, says what trains: the U-Net finishes its steps
        Assert.True(result.Succeeded, result.StopReason);
        Assert.Equal(3, result.State.Step);
        Assert.Equal(ColorizerConfig.UNetArchitectureName, resumed.Options.Architecture);
        Assert.Equal(ColorizerConfig.UNetArchitectureName, ColorizerModelFile.ReadConfig(resumed.Run.Model).Architecture);
    }

    [Fact]
    public void Should_refuse_an_arch_that_conflicts_with_the_model_it_fine_tunes()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 3, size: 40);
        string file = tmp.File("seed.dclr");
        using (var net = ColorizationNet.Create(new ColorizerConfig { WidthMultiplier = 0.125, EmbeddingDim = 16 }, seed: 5))
            ColorizerModelFile.Save(net, file);

        var e = Assert.Throws<ArgumentException>(() => Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with
        {
            InitFrom = file, Architecture = ColorizerConfig.UNetArchitectureName, Size = 64,
        }));

        Assert.Contains("conflicts with --init", e.Message);
        Assert.Contains(ColorizerConfig.ArchitectureName, e.Message);
        Assert.False(Directory.Exists(tmp.File("runs")) && Directory.EnumerateDirectories(tmp.File("runs")).Any(), "no run folder is left behind");
    }

    [Fact]
    public void Should_refuse_to_fine_tune_from_a_missing_model_file()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 3, size: 40);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Start(Tiny(tmp.File("data"), tmp.File("runs")) with { InitFrom = tmp.File("none.dclr") }));
        Assert.Contains("none.dclr", e.Message);
    }

    [Fact]
    public void Should_take_the_same_steps_in_micro_batches_as_in_whole_batches()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 8, size: 40);
        var options = Tiny(tmp.File("data"), tmp.File("runs")) with { MaxSteps = 4, Loss = "mixed", ClassWeight = 0.01 };

        using var whole = Trainer.Start(options with { Name = "whole" });
        Assert.True(whole.Fit().Succeeded);
        using var micro = Trainer.Start(options with { Name = "micro", MicroBatch = 1 });
        Assert.True(micro.Fit().Succeeded);

        Assert.Equal(4, micro.StepLosses.Count);
        for (int i = 0; i < 4; i++) Assert.Equal(whole.StepLosses[i], micro.StepLosses[i], 4);
        Assert.Equal(32, Trainer.MicroBatchSize(options, 64));
        Assert.Equal(2, Trainer.MicroBatchSize(options, 256));
        Assert.Equal(3, Trainer.MicroBatchSize(options with { MicroBatch = 3 }, 256));
    }
}
