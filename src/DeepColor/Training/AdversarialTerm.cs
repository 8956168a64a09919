using DeepColor.Model;
using DeepColor.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>
/// The conditional adversarial term (pix2pix's; DeOldify's "NoGAN" adds it only after the colorizer is pretrained):
/// a <see cref="PatchCritic"/> learns to tell the truth's a*b* from the colorizer's on the same L*, and the colorizer
/// is paid to be taken for the truth. The squared error and the bins' cross-entropy both reward a hedge where the gray
/// gives no clue, a warm, muted mean of the colours a region might have; a critic that sees every meadow come out
/// olive learns that olive is the painter's tell, and its gradient points to the colours photos have there.
/// Least-squares losses (Mao et al. 2017): they train more steadily than the log loss on a critic without a spectral norm.
/// </summary>
public sealed class AdversarialTerm : IDisposable
{
    // Adam's β1 of 0.5, as pix2pix and DCGAN use for both players: momentum from a target that moves every step overshoots.
    private const double Beta1 = 0.5;

    private readonly PatchCritic _critic;
    private readonly Adam _optimizer;

    /// <summary>Takes ownership of <paramref name="critic"/>, trained at <paramref name="learningRate"/>.</summary>
    public AdversarialTerm(PatchCritic critic, double learningRate)
    {
        if (learningRate <= 0 || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        _critic = critic;
        _critic.train();
        var options = new TorchSharp.Modules.Adam.Options { LearningRate = learningRate, beta1 = Beta1, beta2 = 0.999 };
        _optimizer = new Adam([new TorchSharp.Modules.Adam.ParamGroup(_critic.parameters(), options)], learningRate);
    }

    /// <summary>A new critic, initialised from <paramref name="seed"/>, on <paramref name="device"/>.</summary>
    public static AdversarialTerm Create(long seed, double learningRate, Device device)
    {
        var critic = PatchCritic.Create(seed);
        critic.to(device);
        return new AdversarialTerm(critic, learningRate);
    }

    /// <summary>
    /// Off during the critic's warm-up: the colorizer is not judged by a critic that has not yet learned anything,
    /// whose gradient would point nowhere in particular.
    /// </summary>
    public bool JudgesColorizer { get; set; } = true;

    /// <summary>
    /// The colorizer's term: the mean of (score − 1)² over its patches, 0 when the critic takes every patch for a
    /// photo. The gradient reaches <paramref name="abPredicted"/>; the critic's weights gather none.
    /// </summary>
    public Tensor ColorizerLoss(Tensor l, Tensor abPredicted)
    {
        using var scope = NewDisposeScope();
        var weights = _critic.parameters().ToList();
        foreach (var p in weights) p.requires_grad = false;
        try
        {
            return _critic.forward(PatchCritic.Input(l, abPredicted)).Plus(-1.0).Power(2).mean().MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var p in weights) p.requires_grad = true;
        }
    }

    /// <summary>
    /// One step of the critic on a batch: the truth's patches towards 1, the colorizer's (detached, so the colorizer
    /// is not moved) towards 0. Returns the critic's loss before the step, half the sum of the two squared errors.
    /// </summary>
    public double TrainCritic(Tensor l, Tensor abTruth, Tensor abPredicted, double clipNorm)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var real = _critic.forward(PatchCritic.Input(l, abTruth)).Plus(-1.0).Power(2).mean();
        var fake = _critic.forward(PatchCritic.Input(l, abPredicted.detach())).Power(2).mean();
        var loss = real.Plus(fake).Times(0.5);
        double value = loss.item<float>();
        if (!double.IsFinite(value)) return value;
        loss.backward();
        GradientClipping.ClipNorm(_critic.parameters(), clipNorm > 0 ? clipNorm : double.PositiveInfinity);
        _optimizer.step();
        return value;
    }

    /// <summary>The mean score the critic gives [N,1,H,W] L* with [N,2,H,W] a*b* (1 = taken for a photo), without gradients.</summary>
    public double MeanScore(Tensor l, Tensor ab)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _critic.forward(PatchCritic.Input(l, ab)).mean().item<float>();
    }

    /// <summary>Writes the critic and its optimiser, under the run's state, as a checkpoint (temporary name, then rename).</summary>
    public void Save(string path, TrainState state) => Checkpoint.Save(path, state, _critic, _optimizer);

    /// <summary>Restores the critic and its optimiser; returns the step they were saved at.</summary>
    public long Load(string path) => Checkpoint.Load(path, _critic, _optimizer).Step;

    /// <summary>The critic's weights, for tests that check the colorizer's term leaves them alone.</summary>
    internal IEnumerable<TorchSharp.Modules.Parameter> CriticParametersForTests() => _critic.parameters();

    public void Dispose()
    {
        _optimizer.Dispose();
        _critic.Dispose();
    }
}
