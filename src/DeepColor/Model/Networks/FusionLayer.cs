using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// Tiles a per-image embedding over every cell of the encoder's feature grid, concatenates it with
/// the features and mixes them with a 1×1 conv + ReLU (the seed's fusion layer).
/// </summary>
internal sealed class FusionLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly SameConv mix;

    public FusionLayer(string name, long featureChannels, long embeddingDim, long outChannels, bool batchNorm) : base(name)
    {
        mix = new SameConv("mix", featureChannels + embeddingDim, outChannels, kernel: 1, stride: 1, relu: true, batchNorm);
        RegisterComponents();
    }

    public long OutChannels => mix.OutChannels;

    public override Tensor forward(Tensor features, Tensor embedding)
    {
        using var scope = NewDisposeScope();
        long h = features.shape[2], w = features.shape[3];
        var tiled = embedding.unsqueeze(-1).unsqueeze(-1).expand(embedding.shape[0], embedding.shape[1], h, w);
        return mix.forward(cat([features, tiled], 1)).MoveToOuterDisposeScope();
    }

    public long Flops(long h, long w) => mix.Flops(h, w);
}
