// deepcolor-unet: an ImageNet-pretrained ResNet trunk reads L* (replicated to three channels), a U-Net
// decoder climbs back from stride 32 to stride 2 through the trunk's taps (the shape of DeOldify's and
// DDColor's decoders, narrowed for two CPU cores), and the seed's fusion (Baldassarre et al. 2017) tiles the
// trunk's pooled 512-d embedding over the bottleneck before the climb.
using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Model.Extractors;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>One decoder step: upsample to the stride of trunk tap <paramref name="Tap"/>, concatenate it, then <paramref name="Convs"/> 3×3 convs.</summary>
public sealed record UpBlockSpec(string Name, int Tap, int Channels, int Convs);

/// <summary>
/// The U-Net colorizer (<c>deepcolor-unet</c>). Any input whose sides are multiples of 8 works: inside, the
/// image is padded (edge replicated) to the trunk's stride of 32 and the heads are cropped back.
/// </summary>
public sealed class UNetColorizationNet : ColorizationNet
{
    // Bottleneck: the stride-32 tap (512) and the tiled pooled embedding (512), mixed by a 1×1 conv.
    private const int FusionChannels = 256;

    // Taps: 0 = stem (stride 2, 64), 1 = stage1 (4, 64), 2 = stage2 (8, 128), 3 = stage3 (16, 256), 4 = stage4 (32, 512).
    private static readonly UpBlockSpec[] DecoderTable =
    [
        new("up16", Tap: 3, Channels: 256, Convs: 2),
        new("up8", Tap: 2, Channels: 128, Convs: 2),
        new("up4", Tap: 1, Channels: 64, Convs: 2),
        new("up2", Tap: 0, Channels: 32, Convs: 2),
    ];

    /// <summary>The trunk's stride; inputs are padded to a multiple of it.</summary>
    public const int Stride = 32;

    private readonly ResNetTrunk trunk;
    private readonly FusionLayer fusion;
    private readonly UpBlock[] _decoder;
    private readonly SameConv ab_head;
    private readonly SameConv? bins_head;
    private readonly Tensor? bin_centres;

    internal UNetColorizationNet(ColorizerConfig cfg) : base("UNetColorizationNet", cfg)
    {
        double m = cfg.WidthMultiplier;
        trunk = new ResNetTrunk("trunk");
        var taps = trunk.FeatureInfo;
        if (cfg.EmbeddingDim != trunk.EmbeddingDim)
            throw new ArgumentException($"the {ResNetCfgs.TrunkName} trunk gives a {trunk.EmbeddingDim}-d embedding, the config says {cfg.EmbeddingDim}");
        fusion = new FusionLayer("fusion", taps[^1].Channels, trunk.EmbeddingDim, ConvStack.Scale(FusionChannels, m), batchNorm: true);
        _decoder = new UpBlock[DecoderTable.Length];
        long channels = fusion.OutChannels;
        int reduction = taps[^1].Reduction;
        for (int i = 0; i < DecoderTable.Length; i++)
        {
            var spec = DecoderTable[i];
            if (spec.Tap < 0 || spec.Tap >= taps.Count - 1 || taps[spec.Tap].Reduction * 2 != reduction || spec.Convs < 1)
                throw new ArgumentException($"decoder row {spec}: tap {spec.Tap} is not at half the stride {reduction} of the row before");
            _decoder[i] = new UpBlock(spec.Name, channels, taps[spec.Tap].Channels, ConvStack.Scale(spec.Channels, m), spec.Convs);
            register_module(spec.Name, _decoder[i]);
            channels = _decoder[i].OutChannels;
            reduction = taps[spec.Tap].Reduction;
        }
        if (reduction != 2) throw new ArgumentException($"the decoder must end at stride 2, where the heads predict; it ends at {reduction}");
        ab_head = new SameConv("ab_head", channels, 2, kernel: 3, stride: 1, relu: false);
        if (cfg.AbBins > 0)
        {
            if (cfg.AbBins != AbBins.Count)
                throw new ArgumentException($"config asks for {cfg.AbBins} a*b* bins but the gamut has {AbBins.Count}");
            bins_head = new SameConv("bins_head", channels, cfg.AbBins, kernel: 1, stride: 1, relu: false);
            bin_centres = AbBins.CentresTensor();
        }
        RegisterComponents();
    }

    /// <summary>The pretrained trunk (for weight import and freezing).</summary>
    public ResNetTrunk Trunk => trunk;

    /// <inheritdoc/>
    public override Tensor? BinCentres => bin_centres;

    /// <summary>
    /// <paramref name="l"/>: L*/50−1 as [N,1,H,W], H and W multiples of 8. <paramref name="embedding"/> must be
    /// null: the trunk computes its own.
    /// </summary>
    public override ColorizationOutput forward(Tensor l, Tensor? embedding)
    {
        if (l.dim() != 4 || l.shape[1] != 1) throw new ArgumentException($"expected L as [N,1,H,W], got [{string.Join(",", l.shape)}]");
        if (embedding is not null) throw new ArgumentException("this model computes its own global features; pass no embedding");
        long h = l.shape[2], w = l.shape[3];
        if (h % 8 != 0 || w % 8 != 0) throw new ArgumentException($"input size {w}×{h} must be a multiple of 8");

        using var scope = NewDisposeScope();
        long ph = (Stride - h % Stride) % Stride, pw = (Stride - w % Stride) % Stride;
        var padded = ph == 0 && pw == 0 ? l : nn.functional.pad(l, [0, pw, 0, ph], PaddingModes.Replicate);
        var features = trunk.forward(TrunkInput(padded));
        var x = fusion.forward(features.Taps[^1], features.Pooled);
        for (int i = 0; i < _decoder.Length; i++) x = _decoder[i].forward(x, features.Taps[DecoderTable[i].Tap]);
        var ab = tanh(ab_head.forward(x));
        var logits = bins_head?.forward(x);
        if (ph != 0 || pw != 0)
        {
            ab = ab.narrow(2, 0, h / 2).narrow(3, 0, w / 2);
            logits = logits?.narrow(2, 0, h / 2).narrow(3, 0, w / 2);
        }
        var full = Upsample2(ab);
        return new ColorizationOutput(full.MoveToOuterDisposeScope(), ab.MoveToOuterDisposeScope(), logits?.MoveToOuterDisposeScope(), null);
    }

    /// <summary>
    /// Gray L* as the trunk's ImageNet input: the sRGB gray of that lightness (what a gray photo shows) in all
    /// three channels, in the trunk's input contract.
    /// </summary>
    internal static Tensor TrunkInput(Tensor l)
    {
        using var scope = NewDisposeScope();
        var gray = LabTensors.Compress(LabTensors.LightnessToLuminance(LabTensors.DenormalizeL(l)));
        return ResNetTrunk.InputFromSrgb(gray.expand(-1, 3, -1, -1)).MoveToOuterDisposeScope();
    }

    protected override long ForwardFlops(long h, long w)
    {
        long ph = (h + Stride - 1) / Stride * Stride, pw = (w + Stride - 1) / Stride * Stride;
        long total = trunk.Flops(ph, pw) + fusion.Flops(ph / Stride, pw / Stride);
        for (int i = 0; i < _decoder.Length; i++)
        {
            int r = trunk.FeatureInfo[DecoderTable[i].Tap].Reduction;
            total += _decoder[i].Flops(ph / r, pw / r);
        }
        return total + ab_head.Flops(ph / 2, pw / 2) + (bins_head?.Flops(ph / 2, pw / 2) ?? 0);
    }
}

/// <summary>Bilinear ×2 to the skip's size, concatenation with the skip, then 3×3 conv + batch norm + ReLU units.</summary>
internal sealed class UpBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly SameConv[] _convs;

    public UpBlock(string name, long inChannels, long skipChannels, long outChannels, int convs) : base(name)
    {
        _convs = new SameConv[convs];
        long channels = inChannels + skipChannels;
        for (int i = 0; i < convs; i++)
        {
            _convs[i] = new SameConv($"conv{i + 1}", channels, outChannels, kernel: 3, stride: 1, relu: true, batchNorm: true);
            register_module($"conv{i + 1}", _convs[i]);
            channels = outChannels;
        }
        OutChannels = outChannels;
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var up = nn.functional.interpolate(x, [skip.shape[2], skip.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
        var y = cat([up, skip], 1);
        foreach (var conv in _convs) y = conv.forward(y);
        return y.MoveToOuterDisposeScope();
    }

    public long Flops(long h, long w) => _convs.Sum(c => c.Flops(h, w));
}
