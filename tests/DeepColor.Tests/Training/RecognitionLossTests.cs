using DeepColor.Imaging;
using DeepColor.Model.Networks;
using DeepColor.Training;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

/// <summary>The recognition term with the real ImageNet trunk as judge; its file comes with 'dotnet restore'.</summary>
public sealed class RecognitionLossTests
{
    private const int Size = 64;

    [Fact]
    public void Should_be_zero_when_the_prediction_is_the_truth_and_positive_when_it_is_gray()
    {
        using var scope = NewDisposeScope();
        using var judge = RecognitionLoss.FromTrunkFile(null, CPU);
        var (l, truth) = Scene();

        float same = judge.Compute(l, truth, truth).item<float>();
        float gray = judge.Compute(l, zeros_like(truth), truth).item<float>();

        Assert.True(same < 1e-5, $"loss against itself {same}");
        Assert.True(gray > 1e-3, $"loss of the gray version {gray}");
    }

    [Fact]
    public void Should_lead_a_gray_prediction_towards_the_truths_features_without_touching_the_judge()
    {
        using var scope = NewDisposeScope();
        using var judge = RecognitionLoss.FromTrunkFile(null, CPU);
        var (l, truth) = Scene();
        var ab = zeros_like(truth).requires_grad_(true);
        float first = float.NaN, last = float.NaN;

        // When a few plain gradient steps are taken on the prediction alone
        for (int step = 0; step < 5; step++)
        {
            using var loss = judge.Compute(l, ab, truth);
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
            loss.backward();
            var grad = ab.grad!;
            Assert.True(grad.isfinite().all().item<bool>(), $"step {step}: a gradient is not finite");
            using (no_grad())
                ab.add_(grad.sign().mul(0.01f).neg());
            grad.zero_();
        }

        // Then the loss falls, and the judge still has no weight that trains or holds a gradient
        Assert.True(last < first, $"loss went from {first} to {last}");
        Assert.All(judge.JudgeParameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Should_add_its_weighted_term_to_the_colour_loss_and_report_it()
    {
        using var scope = NewDisposeScope();
        var (l, truth) = Scene();
        var ab = truth.mul(0.5f);
        var output = new ColorizationOutput(ab, ab.narrow(2, 0, Size / 2).narrow(3, 0, Size / 2), null, null);
        var labels = full(2, -1, dtype: int64);
        using var plain = new ColorLoss("mse", 0, 0, null);
        using var judged = new ColorLoss("mse", 0, 0, null, recognition: RecognitionLoss.FromTrunkFile(null, CPU), recognitionWeight: 3);

        var (_, p) = plain.Compute(output, l, truth, labels);
        var (_, r) = judged.Compute(output, l, truth, labels);

        Assert.Equal(0, p.Recognition);
        Assert.True(r.Recognition > 0, $"recognition part {r.Recognition}");
        Assert.Equal(p.Total + 3 * r.Recognition, r.Total, 5);
    }

    [Fact]
    public void Should_split_the_term_between_pooled_and_local_features_by_its_share()
    {
        using var scope = NewDisposeScope();
        using var pooled = RecognitionLoss.FromTrunkFile(null, CPU);
        using var local = RecognitionLoss.FromTrunkFile(null, CPU, localShare: 1);
        using var mixed = RecognitionLoss.FromTrunkFile(null, CPU, localShare: 0.4);
        var (l, truth) = Scene();
        // Given the truth with one corner painted a saturated blue
        var corner = zeros(1, 1, Size, Size);
        corner[.., .., ..(Size / 4), ..(Size / 4)] = tensor(1f);
        var blue = tensor(new[] { 10f, -60f }).reshape(1, 2, 1, 1).div(LabNormalization.AbScale);
        var patched = truth.mul(corner.neg().add(1f)).add(blue.mul(corner));

        float p = pooled.Compute(l, patched, truth).item<float>();
        float q = local.Compute(l, patched, truth).item<float>();
        float m = mixed.Compute(l, patched, truth).item<float>();

        // Then the maps see the patch, the truth costs nothing place by place, and the share weighs the two parts
        Assert.True(q > 1e-4, $"local term of the patched image {q}");
        Assert.True(local.Compute(l, truth, truth).item<float>() < 1e-5, "local term of the truth against itself");
        Assert.Equal(0.6 * p + 0.4 * q, m, 5);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Should_refuse_a_local_share_outside_zero_to_one(double share)
    {
        using var trunk = new ResNetTrunk("judge");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecognitionLoss(trunk, share));
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], RecognitionLocalShare = share }.Validate());
        Assert.Contains("--recognition-local-share", e.Message);
    }

    [Theory]
    [InlineData(64, 64, 224, 224, 224)]
    [InlineData(128, 96, 224, 224, 160)]
    [InlineData(96, 160, 224, 128, 224)]
    [InlineData(256, 256, 128, 128, 128)]
    public void Should_resize_to_the_judge_size_on_the_long_side_in_multiples_of_32(int h, int w, int judgeSize, int expectedH, int expectedW)
    {
        using var scope = NewDisposeScope();
        using var judge = RecognitionLoss.FromTrunkFile(null, CPU, judgeSize: judgeSize);
        var srgb = rand(2, 3, h, w);

        var resized = judge.AtJudgeSize(srgb);

        Assert.Equal(new long[] { 2, 3, expectedH, expectedW }, resized.shape);
        // Bilinear resizing keeps a flat colour as it is.
        var flat = judge.AtJudgeSize(full(1, 3, h, w, 0.25f));
        Assert.True(flat.sub(0.25f).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void Should_judge_at_its_own_size_and_still_cost_nothing_for_the_truth()
    {
        using var scope = NewDisposeScope();
        using var asGiven = RecognitionLoss.FromTrunkFile(null, CPU);
        using var atImageNetScale = RecognitionLoss.FromTrunkFile(null, CPU, judgeSize: 224);
        var (l, truth) = Scene();

        float same = atImageNetScale.Compute(l, truth, truth).item<float>();
        float gray = atImageNetScale.Compute(l, zeros_like(truth), truth).item<float>();
        float grayAsGiven = asGiven.Compute(l, zeros_like(truth), truth).item<float>();

        Assert.True(same < 1e-5, $"loss against itself at 224 {same}");
        Assert.True(gray > 1e-3, $"loss of the gray version at 224 {gray}");
        // The judge saw a different picture: the 64² scene enlarged to 224².
        Assert.True(Math.Abs(gray - grayAsGiven) > 1e-4, $"at 224 {gray}, as given {grayAsGiven}");
    }

    [Theory]
    [InlineData(-32)]
    [InlineData(100)]
    public void Should_refuse_a_judge_size_that_is_not_a_multiple_of_32(int judgeSize)
    {
        using var trunk = new ResNetTrunk("judge");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecognitionLoss(trunk, judgeSize: judgeSize));
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions { Train = ["x"], RecognitionSize = judgeSize }.Validate());
        Assert.Contains("--recognition-size", e.Message);
    }

    [Fact]
    public void Should_refuse_a_recognition_weight_without_a_judge()
    {
        Assert.Throws<ArgumentException>(() => new ColorLoss("mse", 0, 0, null, recognitionWeight: 1));
    }

    /// <summary>Two 64² synthetic scenes: a blue sky over green, textured ground, and an orange disc on gray; L and a*b* as the network sees them.</summary>
    private static (Tensor L, Tensor Ab) Scene()
    {
        var y = arange(Size, dtype: float32).reshape(1, 1, Size, 1).expand(1, 1, Size, Size);
        var x = arange(Size, dtype: float32).reshape(1, 1, 1, Size).expand(1, 1, Size, Size);
        var sky = y.lt(Size / 2).to_type(float32);
        var texture = sin(x.mul(0.9f)).mul(cos(y.mul(1.3f))).mul(6f);
        var l0 = sky.mul(75f).add(sky.neg().add(1f).mul(45f)).add(texture);
        var ab0 = cat([sky.mul(-5f).add(sky.neg().add(1f).mul(-40f)), sky.mul(-35f).add(sky.neg().add(1f).mul(40f))], 1);
        var disc = x.sub(32f).pow(2).add(y.sub(32f).pow(2)).lt(300f).to_type(float32);
        var l1 = disc.mul(65f).add(disc.neg().add(1f).mul(55f)).add(texture);
        var ab1 = cat([disc.mul(30f), disc.mul(60f)], 1);
        var l = cat([l0, l1], 0).div(LabNormalization.LScale).sub(1f);
        var ab = cat([ab0, ab1], 0).div(LabNormalization.AbScale);
        return (l, ab);
    }
}
