using DeepColor.Data;
using DeepColor.Training;

namespace DeepColor.Tests.Training;

public sealed class TrainOptionsTests
{
    [Fact]
    public void Should_use_the_presets_zoom_unless_one_is_given()
    {
        Assert.Equal(AugmentOptions.Light, new TrainOptions { Augment = "light" }.AugmentSettings());

        var zoomed = new TrainOptions { Augment = "light", Zoom = 0.5 }.AugmentSettings();

        Assert.Equal(AugmentOptions.Light with { Zoom = 0.5 }, zoomed);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.95)]
    public void Should_refuse_a_zoom_outside_0_to_0_9(double zoom)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], Zoom = zoom }.Validate());

        Assert.Contains("--zoom", e.Message);
    }

    [Theory]
    [InlineData("--adversarial-weight")]
    [InlineData("--critic-lr")]
    [InlineData("--adversarial-warmup")]
    public void Should_refuse_a_negative_adversarial_setting_naming_its_option(string option)
    {
        var options = option switch
        {
            "--adversarial-weight" => new TrainOptions { Train = ["x"], AdversarialWeight = -0.1 },
            "--critic-lr" => new TrainOptions { Train = ["x"], CriticLearningRate = 0 },
            _ => new TrainOptions { Train = ["x"], AdversarialWarmup = -1 },
        };

        var e = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains(option, e.Message);
    }

    [Theory]
    [InlineData("--rebalance", 0.0)]
    [InlineData("--rebalance", -0.5)]
    [InlineData("--rebalance", 1.5)]
    [InlineData("--rebalance", double.NaN)]
    [InlineData("--regression-rebalance", 0.0)]
    [InlineData("--regression-rebalance", 1.2)]
    [InlineData("--regression-rebalance", double.NaN)]
    public void Should_refuse_a_rebalancing_lambda_outside_0_exclusive_to_1(string option, double lambda)
    {
        var options = option == "--rebalance"
            ? new TrainOptions { Train = ["x"], Rebalance = lambda }
            : new TrainOptions { Train = ["x"], RegressionRebalance = lambda };

        var e = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void Should_refuse_a_regression_rebalance_with_the_bins_loss_alone()
    {
        Assert.Equal(1.0, new TrainOptions().RegressionRebalance);

        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], Loss = "bins", RegressionRebalance = 0.7 }.Validate());

        Assert.Contains("--loss", e.Message);
    }

    [Fact]
    public void Should_refuse_to_stream_with_an_onnx_extractor_and_default_to_memory()
    {
        Assert.False(new TrainOptions().Stream);

        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], Stream = true, Extractor = "mobilenetv2" }.Validate());

        Assert.Contains("--stream", e.Message);
    }

    [Fact]
    public void Should_refuse_a_negative_chroma_match_weight()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], ChromaMatchWeight = -1 }.Validate());

        Assert.Contains("--chroma-match-weight", e.Message);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Should_refuse_a_recognition_weight_that_is_negative_or_not_finite(double weight)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], RecognitionWeight = weight }.Validate());

        Assert.Contains("--recognition-weight", e.Message);
    }

    [Fact]
    public void Should_refuse_a_teacher_that_is_missing_or_cannot_be_distilled()
    {
        using var dir = new Support.TempDir();
        string teacher = dir.File("teacher.onnx");
        File.WriteAllBytes(teacher, [0]);
        var ok = new TrainOptions { Train = ["x"], TeacherPath = teacher, ClassWeight = 0.03 };
        ok.Validate();

        Assert.Contains("no such file", Assert.Throws<ArgumentException>(() => (ok with { TeacherPath = dir.File("none.onnx") }).Validate()).Message);
        Assert.Contains("--extractor mobilenetv2", Assert.Throws<ArgumentException>(() => (ok with { Extractor = "mobilenetv2" }).Validate()).Message);
        Assert.Contains("--class-weight", Assert.Throws<ArgumentException>(() => (ok with { ClassWeight = 0 }).Validate()).Message);
        Assert.Contains("unknown", Assert.Throws<ArgumentException>(() => (ok with { TeacherExtractor = "resnet" }).Validate()).Message);
        Assert.Contains("not an ONNX classifier", Assert.Throws<ArgumentException>(() => (ok with { TeacherExtractor = "global" }).Validate()).Message);
    }
}
