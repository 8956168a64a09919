// The colorization network of the KTH DD2424 "Deep Image Colorization" project (Keras), which
// follows Baldassarre et al. 2017 ("Deep Koalarization", arXiv 1712.03400) and Iizuka et al. 2016
// ("Let there be Color!"). Re-implemented from the published layer tables.
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// The seed (<c>deepcolor-seed</c>): encoder on L*, fusion with a per-image embedding (from an external
/// classifier or the jointly trained global branch), decoder to a*b*. Any input whose sides are multiples of 8 works.
/// </summary>
public sealed class SeedColorizationNet : ColorizationNet
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

    internal SeedColorizationNet(ColorizerConfig cfg) : base("ColorizationNet", cfg)
    {
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

    /// <inheritdoc/>
    public override Tensor? BinCentres => bin_centres;

    protected override long ForwardFlops(long h, long w)
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
}
