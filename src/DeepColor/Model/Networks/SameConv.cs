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
    private readonly int _symmetricPad;
    private readonly int _stride;
    private readonly int _kernel;

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
        _symmetricPad = symmetric ? before : 0;
        _stride = stride;
        _kernel = kernel;
        _relu = relu;
        RegisterComponents();
    }

    public long OutChannels => conv.out_channels;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _pad.Length > 0 ? nn.functional.pad(input, _pad) : input;
        x = _kernel == 1 && _stride == 1 ? PointwiseConv(x) : conv.out_channels < NarrowOutput ? Im2ColConv(x) : conv.forward(x);
        if (norm is not null) x = BatchNorm(x, norm);
        if (_relu) x = nn.functional.relu(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// BatchNorm2d.forward without its num_batches_tracked.add_(1). TorchSharp turns that 1 into a
    /// temporary Scalar whose finalizer can free it while libtorch still reads it (nothing keeps it
    /// alive past the handle's last use). A training run died of it mid-run, with libtorch's
    /// "Expected false to be true" from Scalar::toLong, the message that had once failed a test under
    /// load. The counter only matters without a momentum,
    /// and ours is 0.1, so the norm's parameters and buffers are used as they are and the counter is
    /// left as loaded.
    /// </summary>
    private static Tensor BatchNorm(Tensor x, BatchNorm2d norm) =>
        nn.functional.batch_norm(x, norm.running_mean, norm.running_var, norm.weight, norm.bias, norm.training, norm.momentum ?? 0.1, norm.eps);

    /// <summary>
    /// Output widths below this run as unfold + matrix product instead of libtorch's conv2d. libtorch
    /// 2.10's CPU (oneDNN) conv backward intermittently returned NaN input gradients on our machines,
    /// always first at the 2-channel a*b* output conv (then everything upstream); the unfold/matmul
    /// form never did. For such narrow layers it costs little; wide layers keep the native kernel.
    /// </summary>
    private const long NarrowOutput = 8;

    /// <summary>
    /// A 1×1 conv is a matrix product over channels. Written as one it kept the 261-channel a*b* bins head
    /// off oneDNN, whose blocking suits no such width: a 64² training step went from 16.7 to 17.6 img/s.
    /// </summary>
    private Tensor PointwiseConv(Tensor x)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        var y = conv.weight!.view(conv.out_channels, -1).matmul(x.reshape(n, x.shape[1], h * w));
        if (conv.bias is { } bias) y = y.Plus(bias.view(1, -1, 1));
        return y.view(n, conv.out_channels, h, w);
    }

    private Tensor Im2ColConv(Tensor x)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        long outH = (h + 2 * _symmetricPad - _kernel) / _stride + 1, outW = (w + 2 * _symmetricPad - _kernel) / _stride + 1;
        var cols = nn.functional.unfold(x, _kernel, padding: _symmetricPad, stride: _stride);
        var y = conv.weight!.view(conv.out_channels, -1).matmul(cols);
        if (conv.bias is { } bias) y = y.Plus(bias.view(1, -1, 1));
        return y.view(n, conv.out_channels, outH, outW);
    }

    /// <summary>Multiply-accumulates ×2 for an output of <paramref name="outH"/>×<paramref name="outW"/>.</summary>
    public long Flops(long outH, long outW) => 2L * outH * outW * conv.in_channels * conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1];
}
