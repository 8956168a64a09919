using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using DeepColor.Model.Serialization;
using DeepColor.Tests.Support;
using DeepColor.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model.Networks;

public sealed class UNetColorizationNetTests
{
    private static ColorizerConfig Small => ColorizerConfig.UNet(64) with { WidthMultiplier = 0.25 };

    [Fact]
    public void Should_predict_both_heads_at_half_size_for_sides_that_are_not_multiples_of_32()
    {
        // Given a U-Net and a 64×88 input (88 is padded to 96 inside)
        using var net = ColorizationNet.Create(Small, seed: 3);
        net.eval();
        using var l = rand(2, 1, 64, 88).Times(2).Plus(-1.0);

        // When it runs
        using var noGrad = no_grad();
        var output = net.forward(l, null);

        // Then every head has the input's geometry, and no class head exists
        Assert.Equal([2L, 2, 64, 88], output.Ab.shape);
        Assert.Equal([2L, 2, 32, 44], output.AbHalf.shape);
        Assert.Equal([2L, AbBins.Count, 32, 44], output.AbLogits!.shape);
        Assert.Null(output.ClassLogits);
        Assert.Equal([1L, 2, 64, 88], net.PredictAb(l.narrow(0, 0, 1), null).shape);
        Assert.Throws<ArgumentException>(() => net.forward(l, zeros(2, 512)));
    }

    [Fact]
    public void Should_feed_the_trunk_the_srgb_gray_of_the_lightness_minus_its_mean()
    {
        // Given gray pixels of known sRGB values, through the project's own Lab conversion
        byte[] values = [0, 1, 30, 128, 200, 255];
        var rgba = values.SelectMany(v => new byte[] { v, v, v, 255 }).ToArray();
        var l = new float[values.Length];
        var a = new float[values.Length];
        var b = new float[values.Length];
        LabConverter.RgbToLab(rgba, 4, l, a, b);
        using var lt = tensor(l.Select(LabNormalization.NormalizeL).ToArray(), [1, 1, 1, values.Length]);

        // When mapped into the trunk's input contract
        var input = UNetColorizationNet.TrunkInput(lt).data<float>().ToArray();

        // Then each channel holds value − the cfg's BGR mean
        var mean = ResNetCfgs.CntkIn1k.Mean;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < values.Length; i++)
                Assert.Equal(values[i] - mean[c], input[c * values.Length + i], 0.05);
    }

    [Fact]
    public void Should_give_the_trunk_colour_in_bgr_order()
    {
        // Given pure red and pure blue pixels in sRGB (R, G, B planes)
        using var rgb = tensor(new float[] { 1, 0, 0, 0, 0, 1 }, [1, 3, 1, 2]);

        // When mapped into the trunk's input contract
        var input = ResNetTrunk.InputFromSrgb(rgb).data<float>().ToArray();

        // Then the first plane is blue, the last red, each 0–255 minus its BGR mean
        var mean = ResNetCfgs.CntkIn1k.Mean;
        float[] expected = [0 - mean[0], 255 - mean[0], 0 - mean[1], 0 - mean[1], 255 - mean[2], 0 - mean[2]];
        Assert.Equal(expected, input);
    }

    [Fact]
    public void Should_round_trip_through_a_model_file_with_its_architecture()
    {
        using var tmp = new TempDir();
        using var net = ColorizationNet.Create(Small, seed: 5);
        net.eval();
        string path = tmp.File("unet.dclr");
        ColorizerModelFile.Save(net, path);

        using var loaded = ColorizerModelFile.Load(path);
        Assert.IsType<UNetColorizationNet>(loaded);
        Assert.Equal(ColorizerConfig.UNetArchitectureName, ModelFile.ReadHeader(path).Architecture);
        using var l = rand(1, 1, 64, 64).Times(2).Plus(-1.0);
        using var noGrad = no_grad();
        Assert.True(net.PredictAb(l, null).allclose(loaded.PredictAb(l, null), 1e-5, 1e-6));
        Assert.True(net.Flops(64, 64) > 0);
    }

    [Fact]
    public void Should_train_the_decoder_and_leave_a_frozen_trunk_as_imported()
    {
        // Given a few synthetic photos and a U-Net run with the trunk frozen
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 4, size: 72);
        var options = UNetOptions(tmp.File("data"), tmp.File("runs"));
        using var reference = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(reference);

        // When it trains a few steps
        using var trainer = Trainer.Start(options);
        var result = trainer.Fit();
        Assert.True(result.Succeeded, result.StopReason);

        // Then the model file holds the imported trunk unchanged and the decoder moved
        using var trained = (UNetColorizationNet)ColorizerModelFile.Load(trainer.Run.Model);
        var expected = reference.state_dict();
        foreach (var (name, value) in trained.Trunk.state_dict())
            Assert.True(value.allclose(expected[name], 0, 0), $"trunk tensor {name} changed");
        using var fresh = (UNetColorizationNet)ColorizationNet.Create(trained.Config, options.Seed);
        var initial = fresh.state_dict();
        Assert.Contains(trained.state_dict(), kv => kv.Key.StartsWith("up2.", StringComparison.Ordinal) && !kv.Value.allclose(initial[kv.Key]));
    }

    [Fact]
    public void Should_train_only_the_trunk_stages_asked_for()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("data"), classes: 2, perClass: 4, size: 72);
        using var reference = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(reference);

        using var trainer = Trainer.Start(UNetOptions(tmp.File("data"), tmp.File("runs")) with { TrunkTrainable = "stage4", TrunkLrScale = 0.5 });
        Assert.True(trainer.Fit().Succeeded);

        using var trained = (UNetColorizationNet)ColorizerModelFile.Load(trainer.Run.Model);
        var expected = reference.state_dict();
        var trunk = trained.Trunk.state_dict();
        Assert.All(trunk.Where(kv => !kv.Key.StartsWith("stage4.", StringComparison.Ordinal)), kv => Assert.True(kv.Value.allclose(expected[kv.Key], 0, 0), kv.Key));
        Assert.Contains(trunk, kv => kv.Key.StartsWith("stage4.", StringComparison.Ordinal) && kv.Key.EndsWith("weight", StringComparison.Ordinal) && !kv.Value.allclose(expected[kv.Key], 0, 0));
    }

    [Theory]
    [InlineData(48, "none", "multiples of 32")]
    [InlineData(64, "stage9", "valid: none, all, stage1")]
    public void Should_refuse_bad_unet_options_naming_them(int size, string trainable, string expected)
    {
        var options = new TrainOptions { Train = ["x"], Architecture = ColorizerConfig.UNetArchitectureName, Size = size, TrunkTrainable = trainable };
        var e = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(expected, e.Message);
    }

    private static TrainOptions UNetOptions(string data, string runs) => new()
    {
        Train = [data], Architecture = ColorizerConfig.UNetArchitectureName, Size = 64, BatchSize = 4, MaxSteps = 3, Epochs = 5,
        LearningRate = 1e-3, WidthMultiplier = 0.25, CheckpointEvery = 10, LogEvery = 1, ValSplit = 0.2, RunsDir = runs, Seed = 11,
        Threads = 1, WarmupSteps = 1, Loss = "mixed", BinsWeight = 0.1, Samples = 2,
    };
}
