// The critic of the adversarial term (train --adversarial-weight): a pix2pix-style patch critic that reads L* with
// a*b* and scores each patch of an image as real colour (1) or painted (0). It never ships: a model file holds the
// colorizer only, and the critic lives in the run folder's checkpoints beside it.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>One row of the critic's layer table: a k×k convolution to <paramref name="Channels"/>, stride <paramref name="Stride"/>.</summary>
public sealed record CriticLayerSpec(string Name, int Channels, int Kernel, int Stride);

/// <summary>
/// Scores [L*, a*, b*] patches. Each output cell sees 54 pixels of the half-resolution image it is given (see
/// <see cref="InputScale"/>), a region of about 110 pixels: most of a 128² training crop.
/// </summary>
public sealed class PatchCritic : nn.Module<Tensor, Tensor>
{
    private static readonly CriticLayerSpec[] LayerTable =
    [
        new("c1", Channels: 64, Kernel: 4, Stride: 2),
        new("c2", Channels: 128, Kernel: 4, Stride: 2),
        new("c3", Channels: 256, Kernel: 4, Stride: 2),
        new("c4", Channels: 256, Kernel: 3, Stride: 1),
        new("score", Channels: 1, Kernel: 3, Stride: 1),
    ];

    /// <summary>
    /// The critic judges images at half resolution: the colorizer's heads predict at stride 2 and are upsampled, so
    /// at full resolution the smoothness of painted a*b* against a photo's chroma noise would be the easiest tell,
    /// and the colorizer would be paid to add noise rather than to choose better colours.
    /// </summary>
    public const int InputScale = 2;

    /// <summary>
    /// Normalised a*b* (a*b*/128) spans about a fifth of normalised L* (±1); scaling it up lets the first layer's
    /// initial weights see colour as strongly as lightness.
    /// </summary>
    private const double AbGain = 4.0;

    private const double LeakySlope = 0.2;

    private readonly ModuleList<Conv2d> layers = new();

    public PatchCritic(string name = "critic") : base(name)
    {
        long channels = 3;
        foreach (var spec in LayerTable)
        {
            // Stride 2 with k 4 and padding 1 halves a side exactly; k 3 with padding 1 keeps it.
            layers.Add(nn.Conv2d(channels, spec.Channels, spec.Kernel, stride: spec.Stride, padding: (spec.Kernel - 1) / 2));
            channels = spec.Channels;
        }
        RegisterComponents();
    }

    /// <summary>The table's total stride: one score per this many pixels of the critic's (half-resolution) input.</summary>
    public static int Stride => LayerTable.Aggregate(1, (s, spec) => s * spec.Stride);

    /// <summary>Builds a critic with PyTorch's default initialisation drawn from its own seeded generator.</summary>
    public static PatchCritic Create(long seed)
    {
        var critic = new PatchCritic();
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var conv in critic.layers)
        {
            double bound = 1.0 / Math.Sqrt(conv.weight!.numel() / conv.weight.shape[0]);
            conv.weight.uniform_(-bound, bound, generator);
            conv.bias!.uniform_(-bound, bound, generator);
        }
        return critic;
    }

    /// <summary>
    /// <paramref name="lab"/>: [N,3,H,W] of normalised L* (L*/50 − 1) and a*b* (a*b*/128), at the colorizer's
    /// resolution. Returns [N,1,H/(2·8),W/(2·8)] patch scores.
    /// </summary>
    public override Tensor forward(Tensor lab)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.avg_pool2d(lab, InputScale);
        x = cat([x.narrow(1, 0, 1), x.narrow(1, 1, 2).Times(AbGain)], 1);
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            // Leaky ReLU written as max(x, 0.2x): the functional form takes its slope as a temporary Scalar (see ScalarOps).
            if (i < layers.Count - 1) x = maximum(x, x.Times(LeakySlope));
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Concatenates normalised L* [N,1,H,W] and a*b* [N,2,H,W] into the critic's input.</summary>
    public static Tensor Input(Tensor l, Tensor ab) => cat([l, ab], 1);
}
