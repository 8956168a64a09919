using System.Text.Json.Nodes;
using DeepColor.Cli;
using DeepColor.Model;
using DeepColor.Model.Serialization;
using DeepColor.Native;
using DeepColor.Tests.Support;
using DeepColor.Training;
using Spectre.Console.Testing;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model.Serialization;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ModelsCommandTests() => TorchNative.EnsureLoadable();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(220);
        int exit = CliApp.Run(args, console);
        return (exit, console.Output);
    }

    private string SaveModel(string name)
    {
        string path = _dir.File(name);
        var header = new ModelFileHeader
        {
            Architecture = "deepcolor-seed",
            ExtractorId = "mobilenetv2.onnx_zoo_int8",
            ExtractorSha256 = "83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f",
            TrainingSummary = new JsonObject { ["steps"] = 5000, ["valPsnr"] = 23.4 },
        };
        ModelFile.Save(path, header, [("w", ones([10, 10])), ("b", zeros(10))]);
        return path;
    }

    [Fact]
    public void Should_print_the_summary_of_a_valid_model()
    {
        string path = SaveModel("good.dclr");

        var (exit, output) = Run("models", "verify", path);

        Assert.Equal(0, exit);
        Assert.Contains("ok", output);
        Assert.Contains("deepcolor-seed", output);
        Assert.Contains("mobilenetv2.onnx_zoo_int8", output);
        Assert.Contains("110 values", output);
        Assert.Contains("\"steps\":5000", output);
        Assert.Contains("CIELab", output);
    }

    [Fact]
    public void Should_exit_1_naming_the_corrupted_file_among_valid_ones()
    {
        string good = SaveModel("good.dclr");
        string bad = SaveModel("bad.dclr");
        var bytes = File.ReadAllBytes(bad);
        bytes[^40] ^= 1;
        File.WriteAllBytes(bad, bytes);

        var (exit, output) = Run("models", "verify", good, bad);

        Assert.Equal(1, exit);
        var invalid = output.Split('\n').Where(l => l.StartsWith("invalid", StringComparison.Ordinal)).ToList();
        Assert.Single(invalid);
        Assert.Contains("bad.dclr", invalid[0]);
        Assert.Contains("checksum", invalid[0]);
        Assert.Contains("ok " + good, output);
    }

    [Fact]
    public void Should_exit_1_for_a_missing_file()
    {
        var (exit, output) = Run("models", "verify", _dir.File("nope.dclr"));

        Assert.Equal(1, exit);
        Assert.Contains("nope.dclr", output);
    }

    [Fact]
    public void Should_require_at_least_one_path()
    {
        var (exit, _) = Run("models", "verify");
        Assert.Equal(CliApp.UsageError, exit);
    }

    /// <summary>A finished two-step run with a bins head, to export from.</summary>
    private string TinyRun()
    {
        string data = SyntheticImages.WriteFolder(_dir.File("data"), classes: 2, perClass: 4, size: 40);
        var options = new TrainOptions
        {
            Train = [data], Size = 32, StoreSize = 40, BatchSize = 4, MaxSteps = 2, WidthMultiplier = 0.125, EmbeddingDim = 16,
            Loss = "mixed", Decode = "blend", LogEvery = 1, ValSplit = 0.25, RunsDir = _dir.File("runs"), Seed = 3, Threads = 1, WarmupSteps = 1,
        };
        using var trainer = Trainer.Start(options);
        trainer.Fit();
        return trainer.Run.Root;
    }

    [Fact]
    public void Should_export_with_the_decode_choices_given_and_keep_the_others()
    {
        string run = TinyRun();
        string target = _dir.File("tuned.dclr");

        var (exit, output) = Run("models", "export", run, "--checkpoint", "last", "-o", target,
            "--chroma-gain", "1.2", "--upsample", "bilinear", "--flip-average", "true", "--chroma-exponent", "0.4", "--chroma-knee", "15", "--chroma-spread", "0.3");

        Assert.True(exit == 0, output);
        var cfg = ColorizerModelFile.ReadConfig(target);
        Assert.Equal(1.2f, cfg.ChromaGain);
        Assert.Equal("bilinear", cfg.Upsample);
        Assert.True(cfg.FlipAverage);
        Assert.Equal(0.4f, cfg.ChromaExponent);
        Assert.Equal(15f, cfg.ChromaKnee);
        Assert.Equal(0.3f, cfg.ChromaSpread);
        Assert.Equal("blend", cfg.Decode);
        Assert.Equal(0.38f, cfg.AnnealTemperature);
    }

    [Fact]
    public void Should_refuse_an_unknown_upsample_mode_in_one_line_and_write_nothing()
    {
        string run = TinyRun();
        string target = _dir.File("bad.dclr");

        var (exit, output) = Run("models", "export", run, "--checkpoint", "last", "-o", target, "--upsample", "cubic");

        Assert.Equal(1, exit);
        Assert.Equal("error: unknown upsample mode 'cubic' (valid: nearest, bilinear)", output.Trim());
        Assert.False(File.Exists(target));
    }
}
