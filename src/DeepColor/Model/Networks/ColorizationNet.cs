using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// A colorization network: L* in, a*b* heads out (<see cref="ColorizationOutput"/>), and the decoding that
/// every architecture shares. <see cref="Create(ColorizerConfig)"/> builds the one a config names:
/// <see cref="SeedColorizationNet"/> (<c>deepcolor-seed</c>) or <see cref="UNetColorizationNet"/> (<c>deepcolor-unet</c>).
/// </summary>
public abstract class ColorizationNet : nn.Module<Tensor, Tensor?, ColorizationOutput>
{
    private protected ColorizationNet(string name, ColorizerConfig cfg) : base(name)
    {
        cfg.Validate();
        Config = cfg;
    }

    public ColorizerConfig Config { get; }

    /// <summary>Builds the network a config describes (weights randomly initialised).</summary>
    public static ColorizationNet Create(ColorizerConfig cfg) => cfg.Architecture switch
    {
        ColorizerConfig.UNetArchitectureName => new UNetColorizationNet(cfg),
        _ => new SeedColorizationNet(cfg),
    };

    /// <summary>
    /// Builds the network with weights drawn from its own generator seeded with <paramref name="seed"/>:
    /// libtorch's default initialisation reads the process-wide generator, which anything else running
    /// in the process (another model, a test in parallel) may advance between seeding and use.
    /// </summary>
    public static ColorizationNet Create(ColorizerConfig cfg, long seed)
    {
        var net = Create(cfg);
        net.InitialiseWeights(seed);
        return net;
    }

    /// <summary>PyTorch's default for conv and linear layers (uniform ±1/√fan-in for weight and bias), from one seeded generator.</summary>
    private void InitialiseWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        var parameters = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, weight) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!name.EndsWith(".weight", StringComparison.Ordinal) || weight.dim() < 2) continue;
            double bound = 1.0 / Math.Sqrt(weight.numel() / weight.shape[0]);
            weight.uniform_(-bound, bound, generator);
            if (parameters.TryGetValue(name[..^".weight".Length] + ".bias", out var bias)) bias.uniform_(-bound, bound, generator);
        }
    }

    /// <summary>
    /// Normalised a*b* [N,2,H,W] for inference, decoded as the config says. The caller sets eval()
    /// and no_grad. <paramref name="saturation"/> multiplies the config's chroma gain for this call only,
    /// exactly as a model loaded with that gain would decode.
    /// </summary>
    public Tensor PredictAb(Tensor l, Tensor? embedding, float saturation = 1f)
    {
        using var scope = NewDisposeScope();
        // The curve and the spread are not linear, so they act on the final guess, after the mirror average.
        // Training validates on Decode alone: they, like the mirror, are inference choices.
        var curved = ChromaCurve.Expand(PredictDecoded(l, embedding, saturation), Config.ChromaKnee, Config.ChromaExponent);
        return ChromaSpread.Apply(curved, Config.ChromaSpread).MoveToOuterDisposeScope();
    }

    private Tensor PredictDecoded(Tensor l, Tensor? embedding, float saturation)
    {
        if (!Config.FlipAverage) return Decode(forward(l, embedding), saturation);

        // The image and its mirror go through as one batch; where the two guesses disagree the mean
        // is less confident, where they agree it is steadier than either.
        long n = l.shape[0];
        var both = Decode(forward(cat([l, l.flip(3)], 0), embedding is null ? null : cat([embedding, embedding], 0)), saturation);
        return both.narrow(0, 0, n).Plus(both.narrow(0, n, n).flip(3)).DividedBy(2);
    }

    /// <summary>
    /// Normalised a*b* at input size from a forward pass's heads, decoded as the config says (its chroma gain
    /// times <paramref name="saturation"/>). Heads are combined at half size, where they are predicted, and
    /// upsampled once at the end. It opens no dispose scope of its own: the result and its intermediates
    /// belong to the caller's scope.
    /// </summary>
    public Tensor Decode(ColorizationOutput output, float saturation = 1f)
    {
        Tensor half = output.AbHalf;
        if (Config.Decode != "regression" && output.AbLogits is not null && BinCentres is { } centres)
        {
            var fromBins = AbBins.AnnealedMean(output.AbLogits, centres, Config.AnnealTemperature);
            // At a share of 0.5 this is the plain mean bit for bit: halving is exact in binary floating point.
            half = Config.Decode == "bins" ? fromBins
                : fromBins.Times(Config.BinsShare).Plus(output.AbHalf.Times(1 - Config.BinsShare));
        }
        float gain = Config.ChromaGain * saturation;
        if (gain != 1f) half = half.Times(gain).ClampTo(-1, 1);
        // Training matches the truth against the nearest-neighbour upsampling; bilinear is an
        // inference choice that trades blocky chroma edges for soft ones.
        return Config.Upsample == "bilinear"
            ? nn.functional.interpolate(half, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false)
            : Upsample2(half);
    }

    /// <summary>Bin centres (normalised) when the bins head exists.</summary>
    public abstract Tensor? BinCentres { get; }

    /// <summary>Parameter count, the figure the seed's paper tables give.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Forward FLOPs (2 per multiply-accumulate) for one H×W image, both passes when flip-averaging.</summary>
    public long Flops(long h, long w) => (Config.FlipAverage ? 2 : 1) * ForwardFlops(h, w);

    /// <summary>FLOPs of one forward pass for an H×W image.</summary>
    protected abstract long ForwardFlops(long h, long w);

    private protected static Tensor Upsample2(Tensor x) => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}
