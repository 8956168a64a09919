using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// Iizuka et al. 2016's global-features network: strided convs over the low-level features of a
/// fixed-size copy of the image, then fully connected layers to a D-dim embedding. It ends in
/// global average pooling, so it accepts any input size. An optional classification head lets
/// labelled data (e.g. Tiny ImageNet's 200 classes) teach it semantics, as in the paper.
/// </summary>
internal sealed class GlobalFeatureBranch : nn.Module<Tensor, (Tensor Embedding, Tensor? ClassLogits)>
{
    /// <summary>Iizuka's global conv table; widths are scaled by the config's GlobalWidth / 512.</summary>
    private static readonly LayerSpec[] ConvTable =
    [
        LayerSpec.Conv("g1", 512, stride: 2),
        LayerSpec.Conv("g2", 512),
        LayerSpec.Conv("g3", 512, stride: 2),
        LayerSpec.Conv("g4", 512),
    ];

    /// <summary>Iizuka's fully connected widths before the embedding layer.</summary>
    private static readonly int[] HiddenWidths = [1024, 512];

    private readonly ConvStack convs;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Linear fc3;
    private readonly Linear? cls1;
    private readonly Linear? cls2;

    public GlobalFeatureBranch(string name, long inChannels, ColorizerConfig cfg) : base(name)
    {
        double widthScale = cfg.GlobalWidth / 512.0 * cfg.WidthMultiplier;
        convs = new ConvStack("convs", ConvTable, inChannels, widthScale, cfg.Norm == "batch");
        long h1 = ConvStack.Scale(HiddenWidths[0], cfg.WidthMultiplier), h2 = ConvStack.Scale(HiddenWidths[1], cfg.WidthMultiplier);
        fc1 = nn.Linear(convs.OutChannels, h1);
        fc2 = nn.Linear(h1, h2);
        fc3 = nn.Linear(h2, cfg.EmbeddingDim);
        if (cfg.NumClasses > 0)
        {
            long hc = ConvStack.Scale(256, cfg.WidthMultiplier);
            cls1 = nn.Linear(h2, hc);
            cls2 = nn.Linear(hc, cfg.NumClasses);
        }
        RegisterComponents();
    }

    public override (Tensor Embedding, Tensor? ClassLogits) forward(Tensor lowLevel)
    {
        using var scope = NewDisposeScope();
        var x = convs.forward(lowLevel).mean([2L, 3L]);
        x = nn.functional.relu(fc1.forward(x));
        var hidden = nn.functional.relu(fc2.forward(x));
        var embedding = nn.functional.relu(fc3.forward(hidden)).MoveToOuterDisposeScope();
        Tensor? logits = cls1 is null || cls2 is null ? null : cls2.forward(nn.functional.relu(cls1.forward(hidden))).MoveToOuterDisposeScope();
        return (embedding, logits);
    }

    public long Flops(long h, long w) => convs.Flops(h, w) + 2 * (fc1.weight!.numel() + fc2.weight!.numel() + fc3.weight!.numel());
}
