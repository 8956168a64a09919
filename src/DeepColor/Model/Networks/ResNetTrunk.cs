// The ImageNet ResNet that Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT) ships as ONNX, exported
// from CNTK 2.6. Not torchvision's ResNet18: its last stage has three basic blocks (15.9 M weights), convs
// have no bias, and stride-2 layers pad asymmetrically. Rebuilt here from the graph so it can be trained.
using DeepColor.Model.Extractors;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>One stage of the trunk: <paramref name="Blocks"/> basic blocks of <paramref name="Width"/> channels, the first with <paramref name="Stride"/>.</summary>
public sealed record ResNetStageSpec(string Name, int Blocks, int Width, int Stride);

/// <summary>A tap point: the tensor after <paramref name="Module"/>, with its channels and reduction (timm's feature_info).</summary>
public sealed record FeatureTap(string Module, long Channels, int Reduction);

/// <summary>
/// The trunk's taps at strides 2, 4, 8, 16 and 32, plus the global-average-pooled stride-32 features (the
/// ONNX graph's 512-d output at 224²). Input: BGR, 0–255, minus the per-channel mean, [N,3,H,W].
/// </summary>
public sealed class ResNetTrunk : nn.Module<Tensor, ResNetFeatures>
{
    // Stem: 7×7/2 conv (64) + 3×3/2 max pool; then the stages below.
    private const int StemWidth = 64;

    private static readonly ResNetStageSpec[] StageTable =
    [
        new("stage1", Blocks: 2, Width: 64, Stride: 1),
        new("stage2", Blocks: 2, Width: 128, Stride: 2),
        new("stage3", Blocks: 2, Width: 256, Stride: 2),
        new("stage4", Blocks: 3, Width: 512, Stride: 2),
    ];

    private readonly ConvBnAct stem;
    private readonly nn.Module<Tensor, Tensor>[] _stages;
    private readonly List<ResNetBasicBlock> _blocks = [];

    public ResNetTrunk(string name) : base(name)
    {
        stem = new ConvBnAct("stem", 3, StemWidth, kernel: 7, stride: 2, relu: true);
        register_module("stem", stem);
        var taps = new List<FeatureTap> { new("stem", StemWidth, 2) };
        _stages = new nn.Module<Tensor, Tensor>[StageTable.Length];
        long channels = StemWidth;
        int reduction = 4;
        for (int s = 0; s < StageTable.Length; s++)
        {
            var spec = StageTable[s];
            if (spec.Blocks < 1 || spec.Width < 1) throw new ArgumentException($"{name}.{spec.Name}: bad stage spec {spec}");
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int b = 0; b < spec.Blocks; b++)
            {
                var block = new ResNetBasicBlock($"block{b + 1}", channels, spec.Width, b == 0 ? spec.Stride : 1);
                blocks.Add(block);
                _blocks.Add(block);
                channels = spec.Width;
            }
            if (s > 0) reduction *= spec.Stride;
            _stages[s] = nn.Sequential(blocks.Select(b => (b.GetName(), b)).ToArray());
            register_module(spec.Name, _stages[s]);
            taps.Add(new FeatureTap(spec.Name, spec.Width, reduction));
        }
        FeatureInfo = taps;
        RegisterComponents();
    }

    /// <summary>Tap points in forward order: stem (stride 2), then each stage (4, 8, 16, 32).</summary>
    public IReadOnlyList<FeatureTap> FeatureInfo { get; }

    /// <summary>Width of the pooled embedding.</summary>
    public long EmbeddingDim => FeatureInfo[^1].Channels;

    /// <summary>Number of freezable parts: the stem, then each stage.</summary>
    public static int PartCount => StageTable.Length + 1;

    /// <summary>
    /// Parts before <paramref name="firstTrainable"/> (0 = stem, 1–4 = stages, <see cref="PartCount"/> = none)
    /// get no gradients, and their batch norms keep the ImageNet statistics.
    /// </summary>
    public void Freeze(int firstTrainable)
    {
        if (firstTrainable < 0 || firstTrainable > PartCount) throw new ArgumentOutOfRangeException(nameof(firstTrainable), $"must be 0–{PartCount}");
        FirstTrainable = firstTrainable;
        for (int part = 0; part < PartCount; part++)
        {
            bool frozen = part < firstTrainable;
            foreach (var p in Part(part).parameters()) p.requires_grad = !frozen;
            foreach (var unit in UnitsOf(part)) unit.Frozen = frozen;
        }
    }

    /// <summary>
    /// Neutralises the dead batch-norm channels of the trainable parts (see
    /// <see cref="ConvBnAct.NeutraliseDeadChannels"/>) and returns how many there were. Call it after the
    /// weights are in place (imported, initialised from a file or resumed), since loading brings them back.
    /// </summary>
    public int NeutraliseDeadChannels() =>
        Enumerable.Range(FirstTrainable, PartCount - FirstTrainable).SelectMany(UnitsOf).Sum(unit => unit.NeutraliseDeadChannels());

    /// <summary>Whether any batch-norm channel, trainable or not, has a non-finite running variance.</summary>
    public bool HasNonFiniteStatistics()
    {
        using var scope = NewDisposeScope();
        return UnitsInExportOrder().Any(unit => { unit.AliveChannels(out int dead); return dead > 0; });
    }

    private nn.Module Part(int part) => part == 0 ? stem : _stages[part - 1];

    private IEnumerable<ConvBnAct> UnitsOf(int part) => part == 0 ? [stem] : Part(part).modules().OfType<ConvBnAct>();

    /// <summary>First part that trains (see <see cref="Freeze"/>); 0 = the whole trunk.</summary>
    public int FirstTrainable { get; private set; }

    /// <summary>
    /// The conv units in the ONNX graph's order: the stem, then per block its shortcut projection (when
    /// it has one) before its two convs, as CNTK wrote them. Weight import walks this list.
    /// </summary>
    internal IEnumerable<ConvBnAct> UnitsInExportOrder()
    {
        yield return stem;
        foreach (var block in _blocks)
            foreach (var unit in block.UnitsInExportOrder()) yield return unit;
    }

    public override ResNetFeatures forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var taps = new Tensor[PartCount];
        Tensor x;
        // Frozen parts run without autograd: no activations are kept for a backward that would not use them.
        using (FirstTrainable > 0 ? no_grad() : null)
            x = stem.forward(input);
        taps[0] = x;
        // The pool follows a ReLU, so zero padding (one pixel before, none after, as the export) equals −∞ padding.
        x = nn.functional.max_pool2d(nn.functional.pad(x, [1, 0, 1, 0]), 3, 2);
        for (int s = 0; s < _stages.Length; s++)
        {
            using (FirstTrainable > s + 1 ? no_grad() : null)
                x = _stages[s].forward(x);
            taps[s + 1] = x;
        }
        var pooled = x.mean([2L, 3L]);
        return new ResNetFeatures(taps.Select(t => t.MoveToOuterDisposeScope()).ToArray(), pooled.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Gamma-encoded sRGB, [N,3,H,W] in R, G, B order and 0–1, as the trunk's input: BGR, 0–255, minus the
    /// ImageNet per-channel mean of <see cref="ResNetCfgs.CntkIn1k"/>.
    /// </summary>
    public static Tensor InputFromSrgb(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3) throw new ArgumentException($"expected sRGB as [N,3,H,W], got [{string.Join(",", rgb.shape)}]");
        using var scope = NewDisposeScope();
        var mean = ResNetCfgs.CntkIn1k.Mean;
        if (ResNetCfgs.CntkIn1k.ChannelOrder != ChannelOrder.Bgr || mean.Count != 3) throw new InvalidOperationException("the trunk's contract is BGR with three channel means");
        var negativeMean = tensor(mean.Select(v => -v).ToArray(), [1, 3, 1, 1]).to(rgb.device);
        return rgb.flip(1).Times(255.0).Plus(negativeMean).MoveToOuterDisposeScope();
    }

    /// <summary>Forward FLOPs for an H×W input.</summary>
    public long Flops(long h, long w)
    {
        long sh = stem.OutSize(h), sw = stem.OutSize(w);
        long total = stem.Flops(sh, sw);
        sh = (sh + 1 - 3) / 2 + 1;
        sw = (sw + 1 - 3) / 2 + 1;
        foreach (var block in _blocks) total += block.Flops(ref sh, ref sw);
        return total;
    }
}

/// <summary>The trunk's outputs; tensors belong to the caller's dispose scope.</summary>
/// <param name="Taps">Stride 2, 4, 8, 16, 32, as <see cref="ResNetTrunk.FeatureInfo"/>.</param>
/// <param name="Pooled">Global average of the stride-32 tap, [N,512].</param>
public sealed record ResNetFeatures(Tensor[] Taps, Tensor Pooled);

/// <summary>Two 3×3 conv units with an identity or 1×1-projection shortcut (He et al. 2016).</summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct conv1;
    private readonly ConvBnAct conv2;
    private readonly ConvBnAct? shortcut;

    public ResNetBasicBlock(string name, long inChannels, long outChannels, int stride) : base(name)
    {
        conv1 = new ConvBnAct("conv1", inChannels, outChannels, kernel: 3, stride: stride, relu: true);
        conv2 = new ConvBnAct("conv2", outChannels, outChannels, kernel: 3, stride: 1, relu: false);
        if (stride != 1 || inChannels != outChannels)
            shortcut = new ConvBnAct("shortcut", inChannels, outChannels, kernel: 1, stride: stride, relu: false);
        RegisterComponents();
    }

    public IEnumerable<ConvBnAct> UnitsInExportOrder()
    {
        if (shortcut is not null) yield return shortcut;
        yield return conv1;
        yield return conv2;
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = conv2.forward(conv1.forward(input));
        var identity = shortcut is null ? input : shortcut.forward(input);
        return nn.functional.relu(y.Plus(identity)).MoveToOuterDisposeScope();
    }

    public long Flops(ref long h, ref long w)
    {
        long oh = conv1.OutSize(h), ow = conv1.OutSize(w);
        long total = conv1.Flops(oh, ow) + conv2.Flops(oh, ow) + (shortcut?.Flops(oh, ow) ?? 0);
        h = oh;
        w = ow;
        return total;
    }
}
