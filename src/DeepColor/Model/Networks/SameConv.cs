using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// A k×k convolution with Keras/TensorFlow "same" padding, optionally followed by ReLU.
/// </summary>
/// <remarks>
/// With stride 2 on an even input TensorFlow pads one pixel at the bottom/right only; PyTorch's
/// symmetric padding would shift the sampling grid by a pixel. We pad like the seed's Keras code.
/// </remarks>
internal sealed class SameConv : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? norm;
    private readonly bool _relu;
    private readonly long[] _pad;

    public SameConv(string name, long inChannels, long outChannels, int kernel, int stride, bool relu, bool batchNorm = false) : base(name)
    {
        int total = Math.Max(kernel - stride, 0);
        int before = total / 2, after = total - before;
        bool symmetric = before == after;
        _pad = [before, after, before, after];
        // With batch norm the conv bias is redundant (the norm's shift replaces it).
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: symmetric ? before : 0, bias: !batchNorm);
        if (batchNorm) norm = nn.BatchNorm2d(outChannels);
        if (symmetric) _pad = [];
        _relu = relu;
        RegisterComponents();
    }

    public long OutChannels => conv.out_channels;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _pad.Length > 0 ? nn.functional.pad(input, _pad) : input;
        x = conv.forward(x);
        if (norm is not null) x = norm.forward(x);
        if (_relu) x = nn.functional.relu(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Multiply-accumulates ×2 for an output of <paramref name="outH"/>×<paramref name="outW"/>.</summary>
    public long Flops(long outH, long outW) => 2L * outH * outW * conv.in_channels * conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1];
}
