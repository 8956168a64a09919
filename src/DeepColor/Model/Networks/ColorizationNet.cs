// The colorization network of the KTH DD2424 "Deep Image Colorization" project (Keras), which
// follows Baldassarre et al. 2017 ("Deep Koalarization", arXiv 1712.03400) and Iizuka et al. 2016
// ("Let there be Color!"). Re-implemented from the published layer tables.
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// Encoder on L*, fusion with a per-image embedding (from an external classifier or the jointly
/// trained global branch), decoder to a*b*. Any input whose sides are multiples of 8 works.
/// </summary>
public sealed class ColorizationNet : nn.Module<Tensor, Tensor?, ColorizationOutput>
{
    // Encoder: the first six rows are Iizuka's "low-level features", which the global branch reads.
    private static readonly LayerSpec[] EncoderLowTable =
    [
        LayerSpec.Conv("conv1", 64, stride: 2),
        LayerSpec.Conv("conv2", 128),
        LayerSpec.Conv("conv3", 128, stride: 2),
        LayerSpec.Conv("conv4", 256),
        LayerSpec.Conv("conv5", 256, stride: 2),
        LayerSpec.Conv("conv6", 512),
    ];

    private static readonly LayerSpec[] EncoderMidTable =
    [
        LayerSpec.Conv("conv7", 512),
        LayerSpec.Conv("conv8", 256),
    ];

    private const int FusionChannels = 256;

    // Decoder trunks; the output conv (2 channels, tanh) and the final ×2 upsampling are the head.
    private static readonly Dictionary<string, LayerSpec[]> DecoderTables = new()
    {
        ["seed"] =
        [
            LayerSpec.Conv("conv1", 128), LayerSpec.Up("up1"), LayerSpec.Conv("conv2", 64), LayerSpec.Up("up2"),
            LayerSpec.Conv("conv3", 32), LayerSpec.Conv("conv4", 16),
        ],
        ["koalarization"] =
        [
            LayerSpec.Conv("conv1", 128), LayerSpec.Up("up1"), LayerSpec.Conv("conv2", 64), LayerSpec.Conv("conv3", 64),
            LayerSpec.Up("up2"), LayerSpec.Conv("conv4", 32),
        ],
    };

    private readonly ConvStack encoder_low;
    private readonly ConvStack encoder_mid;
    private readonly GlobalFeatureBranch? global_branch;
    private readonly FusionLayer fusion;
    private readonly ConvStack decoder;
    private readonly SameConv ab_head;
    private readonly SameConv? bins_head;
    private readonly Tensor? bin_centres;

    private ColorizationNet(ColorizerConfig cfg) : base("ColorizationNet")
    {
        cfg.Validate();
        Config = cfg;
        double m = cfg.WidthMultiplier;
        bool bn = cfg.Norm == "batch";
        encoder_low = new ConvStack("encoder_low", EncoderLowTable, 1, m, bn);
        encoder_mid = new ConvStack("encoder_mid", EncoderMidTable, encoder_low.OutChannels, m, bn);
        if (cfg.UsesGlobalBranch) global_branch = new GlobalFeatureBranch("global_branch", encoder_low.OutChannels, cfg);
        fusion = new FusionLayer("fusion", encoder_mid.OutChannels, cfg.EmbeddingDim, ConvStack.Scale(FusionChannels, m), bn);
        decoder = new ConvStack("decoder", DecoderTables[cfg.Decoder], fusion.OutChannels, m, bn);
        ab_head = new SameConv("ab_head", decoder.OutChannels, 2, kernel: 3, stride: 1, relu: false);
        if (cfg.AbBins > 0)
        {
            if (cfg.AbBins != AbBins.Count)
                throw new ArgumentException($"config asks for {cfg.AbBins} a*b* bins but the gamut has {AbBins.Count}");
            bins_head = new SameConv("bins_head", decoder.OutChannels, cfg.AbBins, kernel: 1, stride: 1, relu: false);
            bin_centres = AbBins.CentresTensor();
        }
        RegisterComponents();
    }

    public ColorizerConfig Config { get; }

    /// <summary>Builds the network a config describes (weights randomly initialised).</summary>
    public static ColorizationNet Create(ColorizerConfig cfg) => new(cfg);

    /// <summary>
    /// Builds the network with weights drawn from its own generator seeded with <paramref name="seed"/>:
    /// libtorch's default initialisation reads the process-wide generator, which anything else running
    /// in the process (another model, a test in parallel) may advance between seeding and use.
    /// </summary>
    public static ColorizationNet Create(ColorizerConfig cfg, long seed)
    {
        var net = new ColorizationNet(cfg);
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
    /// <paramref name="l"/>: L*/50−1 as [N,1,H,W], H and W multiples of 8. <paramref name="embedding"/>:
    /// [N,D] from an external extractor, or null when the config uses the global branch.
    /// </summary>
    public override ColorizationOutput forward(Tensor l, Tensor? embedding)
    {
        if (l.dim() != 4 || l.shape[1] != 1) throw new ArgumentException($"expected L as [N,1,H,W], got [{string.Join(",", l.shape)}]");
        long h = l.shape[2], w = l.shape[3];
        if (h % 8 != 0 || w % 8 != 0) throw new ArgumentException($"input size {w}×{h} must be a multiple of 8");

        using var scope = NewDisposeScope();
        var low = encoder_low.forward(l);
        var features = encoder_mid.forward(low);
        Tensor? classLogits = null;
        if (global_branch is not null)
        {
            if (embedding is not null) throw new ArgumentException("this model computes its own global features; pass no embedding");
            int g = Config.GlobalInputSize;
            var globalLow = h == g && w == g ? low : encoder_low.forward(nn.functional.interpolate(l, [g, g], mode: InterpolationMode.Bilinear, align_corners: false));
            (embedding, classLogits) = global_branch.forward(globalLow);
        }
        else if (embedding is null || embedding.dim() != 2 || embedding.shape[1] != Config.EmbeddingDim || embedding.shape[0] != l.shape[0])
        {
            throw new ArgumentException($"expected an embedding of shape [{l.shape[0]},{Config.EmbeddingDim}] from extractor '{Config.Extractor}'");
        }

        var trunk = decoder.forward(fusion.forward(features, embedding));
        var abHalf = tanh(ab_head.forward(trunk));
        var ab = Upsample2(abHalf);
        var binLogits = bins_head?.forward(trunk);
        return new ColorizationOutput(ab.MoveToOuterDisposeScope(), abHalf.MoveToOuterDisposeScope(), binLogits?.MoveToOuterDisposeScope(), classLogits?.MoveToOuterDisposeScope());
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
        if (Config.Decode != "regression" && output.AbLogits is not null && bin_centres is not null)
        {
            var fromBins = AbBins.AnnealedMean(output.AbLogits, bin_centres, Config.AnnealTemperature);
            half = Config.Decode == "bins" ? fromBins : fromBins.Plus(output.AbHalf).DividedBy(2);
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
    public Tensor? BinCentres => bin_centres;

    /// <summary>Parameter count, the figure the seed's paper tables give.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Forward FLOPs (2 per multiply-accumulate) for one H×W image, both passes when flip-averaging.</summary>
    public long Flops(long h, long w) => (Config.FlipAverage ? 2 : 1) * ForwardFlops(h, w);

    private long ForwardFlops(long h, long w)
    {
        long total = encoder_low.Flops(h, w) + encoder_mid.Flops(h / 8, w / 8);
        long fh = h / 8, fw = w / 8;
        if (global_branch is not null)
        {
            int g = Config.GlobalInputSize;
            if (h != g || w != g) total += encoder_low.Flops(g, g);
            total += global_branch.Flops(g / 8, g / 8);
        }
        total += fusion.Flops(fh, fw) + decoder.Flops(fh, fw);
        long dh = (long)(h / 2), dw = (long)(w / 2);
        total += ab_head.Flops(dh, dw) + (bins_head?.Flops(dh, dw) ?? 0);
        return total;
    }

    private static Tensor Upsample2(Tensor x) => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}
