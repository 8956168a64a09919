using DeepColor.Model;
using DeepColor.Training;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

public sealed class AdversarialTermTests
{
    /// <summary>L* with texture, and "true" a*b* that follow it: a colour whose sign depends on the brightness.</summary>
    private static (Tensor L, Tensor Truth) Photos(int n, int size, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var l = rand([n, 1, size, size], generator: generator).Times(2.0).Plus(-1.0);
        var a = l.Times(0.3);
        var b = l.Times(-0.2).Plus(0.15);
        return (l, cat([a, b], 1));
    }

    /// <summary>A new critic, and eight photos whose colour follows their lightness beside a painter that paints them gray.</summary>
    private static (AdversarialTerm Term, Tensor L, Tensor Truth, Tensor Gray) CriticAndGrayPainter(long seed)
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        var (l, truth) = Photos(8, 32, seed);
        return (AdversarialTerm.Create(seed: seed + 4, learningRate: 1e-3, CPU), l, truth, zeros_like(truth));
    }

    [Fact]
    public void Should_learn_to_tell_true_colours_from_a_gray_hedge()
    {
        var (term, l, truth, gray) = CriticAndGrayPainter(seed: 1);
        using var _ = term;
        double before = term.MeanScore(l, truth) - term.MeanScore(l, gray);

        // When the critic takes forty steps
        var losses = Enumerable.Range(0, 40).Select(_ => term.TrainCritic(l, truth, gray, clipNorm: 5)).ToList();

        // Then it scores the truth well above the gray, and its loss fell
        double after = term.MeanScore(l, truth) - term.MeanScore(l, gray);
        Assert.True(after > 0.5, $"score gap after training {after:F3} (before {before:F3})");
        Assert.True(losses[^1] < losses[0] / 2, $"critic loss {losses[0]:F4} → {losses[^1]:F4}");
    }

    [Fact]
    public void Should_pass_its_gradient_to_the_painted_colours_and_none_to_its_critic()
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var term = AdversarialTerm.Create(seed: 6, learningRate: 1e-3, CPU);
        var (l, truth) = Photos(2, 32, seed: 2);
        using var painted = zeros_like(truth).requires_grad_(true);

        using var loss = term.ColorizerLoss(l, painted);
        loss.backward();

        Assert.NotNull(painted.grad);
        Assert.True(painted.grad!.abs().sum().item<float>() > 0);
        var weights = term.CriticParametersForTests().ToList();
        Assert.All(weights, p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
        Assert.All(weights, p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Should_pull_a_gray_hedge_towards_the_colours_the_critic_takes_for_truth()
    {
        // Given a critic that has learned the photos' colours from a gray painter
        var (term, l, truth, gray) = CriticAndGrayPainter(seed: 3);
        using var _ = term;
        for (int i = 0; i < 40; i++) term.TrainCritic(l, truth, gray, clipNorm: 5);

        // When the painted colours follow the term's gradient alone
        using var painted = zeros_like(truth).requires_grad_(true);
        for (int i = 0; i < 30; i++)
        {
            using var loss = term.ColorizerLoss(l, painted);
            loss.backward();
            using (no_grad()) painted.sub_(painted.grad!.sign().Times(0.01));
            painted.grad!.zero_();
        }

        // Then they move from gray towards the truth, and the critic takes them for it more often
        using var error = (painted.detach() - truth).abs().mean();
        using var grayError = (gray - truth).abs().mean();
        Assert.True(error.item<float>() < grayError.item<float>(), $"|painted − truth| {error.item<float>():F4} against gray's {grayError.item<float>():F4}");
        Assert.True(term.MeanScore(l, painted.detach()) > term.MeanScore(l, gray) + 0.2);
    }

    [Fact]
    public void Should_restore_the_critic_and_its_optimiser_from_a_checkpoint()
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var tmp = new DeepColor.Tests.Support.TempDir();
        var (l, truth) = Photos(4, 32, seed: 4);
        using var gray = zeros_like(truth);
        using var trained = AdversarialTerm.Create(seed: 8, learningRate: 1e-3, CPU);
        for (int i = 0; i < 3; i++) trained.TrainCritic(l, truth, gray, clipNorm: 5);
        trained.Save(tmp.File("critic.ckpt"), new TrainState { Step = 3 });
        using var restored = AdversarialTerm.Create(seed: 9, learningRate: 1e-3, CPU);

        long step = restored.Load(tmp.File("critic.ckpt"));

        // The next step is the same step: same weights and same Adam moments
        Assert.Equal(3, step);
        Assert.Equal(trained.TrainCritic(l, truth, gray, clipNorm: 5), restored.TrainCritic(l, truth, gray, clipNorm: 5), 6);
        Assert.Equal(trained.MeanScore(l, truth), restored.MeanScore(l, truth), 6);
    }
}
