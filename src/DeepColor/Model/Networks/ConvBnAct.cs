using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// Convolution without bias, batch norm, optional ReLU: the unit of the ImageNet ResNet trunk. Stride-2
/// layers pad as the CNTK export does (k/2 before, k/2 − 1 after), which equals PyTorch's symmetric
/// padding only on sides that are multiples of the stride chain, so the padding is explicit.
/// </summary>
internal sealed class ConvBnAct : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;
    private readonly long[] _pad;
    private readonly bool _relu;

    public ConvBnAct(string name, long inChannels, long outChannels, int kernel, int stride, bool relu) : base(name)
    {
        if (kernel < 1 || stride is not (1 or 2)) throw new ArgumentException($"{name}: kernel {kernel}, stride {stride} not supported");
        int before = kernel / 2, after = stride == 1 ? kernel / 2 : Math.Max(kernel / 2 - 1, 0);
        _pad = before == 0 && after == 0 ? [] : [before, after, before, after];
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: 0L, bias: false);
        norm = nn.BatchNorm2d(outChannels, eps: 1e-5);
        _relu = relu;
        RegisterComponents();
    }

    /// <summary>When set, batch norm uses its running statistics even in training mode (a frozen layer).</summary>
    public bool Frozen
    {
        get => _frozen;
        set
        {
            _frozen = value;
            ResetFolding();
        }
    }

    private bool _frozen;

    public long InChannels => conv.in_channels;
    public long OutChannels => conv.out_channels;
    public long Kernel => conv.kernel_size[0];
    public long Stride => conv.stride[0];

    internal Conv2d Conv => conv;
    internal BatchNorm2d Norm => norm;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = _pad.Length > 0 ? nn.functional.pad(input, _pad) : input;
        if (training && !Frozen)
        {
            // batch_norm, not BatchNorm2d.forward: see SameConv.BatchNorm for the temporary Scalar it avoids.
            x = nn.functional.batch_norm(conv.forward(x), norm.running_mean, norm.running_var, norm.weight, norm.bias, true, 0.1, norm.eps);
        }
        else
        {
            // On running statistics the norm is an affine map per channel, so it folds into the conv's
            // weights and a bias: one oneDNN call instead of a conv, a layout reorder and a norm.
            var (weight, bias) = FoldedWeights();
            x = nn.functional.conv2d(x, weight, bias, strides: conv.stride, padding: [0, 0]);
        }
        if (_relu) x = nn.functional.relu(x);
        return x.MoveToOuterDisposeScope();
    }

    private Tensor? _foldedWeight;
    private Tensor? _foldedBias;

    /// <summary>
    /// The conv weights with the norm folded in: folded once for a frozen unit or in eval mode (on first use,
    /// after any weights were loaded), else on every call. At inference the fold of 15.9 M weights on every
    /// call cost more than some of the convs it feeds.
    /// </summary>
    private (Tensor Weight, Tensor Bias) FoldedWeights()
    {
        // Cached while frozen, and in eval mode, whose weights change only by loading, which comes before eval():
        // a mode switch drops the cache (see train).
        bool cache = Frozen || !training;
        if (cache && _foldedWeight is not null && _foldedBias is not null) return (_foldedWeight, _foldedBias);
        using var noGrad = no_grad();
        var scale = norm.weight!.mul(norm.running_var!.Plus(norm.eps).rsqrt());
        var weight = conv.weight!.mul(scale.view(-1, 1, 1, 1));
        var bias = norm.bias!.Plus(norm.running_mean!.mul(scale).neg());
        if (!cache) return (weight, bias);
        _foldedWeight = weight.DetachFromDisposeScope();
        _foldedBias = bias.DetachFromDisposeScope();
        return (_foldedWeight, _foldedBias);
    }

    public override void train(bool on = true)
    {
        base.train(on);
        ResetFolding();
    }

    /// <summary>
    /// Rewrites each channel whose running variance is not finite to scale 0, mean 0 and variance 1, and
    /// returns how many there were. On running statistics such a channel already outputs its shift alone
    /// (fp16 files written before 2026-12-07 left two in the stem, rounding variances above 65,504 to
    /// infinity), so inference does not change; but a
    /// trainable norm normalises by the batch's own variance and would bring the channel back in training
    /// only, while every validation and export silences it again. Scale 0 gives the shift in both modes,
    /// and the channel may still learn to come back, with finite statistics that follow it.
    /// </summary>
    internal int NeutraliseDeadChannels()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var alive = AliveChannels(out int count);
        if (count == 0) return 0;
        // where() against zeros_like/ones_like: no temporary Scalar (see ScalarOps).
        norm.weight!.copy_(norm.weight.where(alive, zeros_like(norm.weight)));
        norm.running_mean!.copy_(norm.running_mean.where(alive, zeros_like(norm.running_mean)));
        norm.running_var!.copy_(norm.running_var.where(alive, ones_like(norm.running_var)));
        ResetFolding();
        return count;
    }

    /// <summary>The channels whose running variance is finite, and how many are not (dead channels).</summary>
    internal Tensor AliveChannels(out int dead)
    {
        var alive = norm.running_var!.isfinite();
        dead = (int)(alive.numel() - alive.sum().item<long>());
        return alive;
    }

    /// <summary>Drops the folded weights, e.g. after new weights were copied in.</summary>
    internal void ResetFolding()
    {
        _foldedWeight?.Dispose();
        _foldedBias?.Dispose();
        _foldedWeight = _foldedBias = null;
    }

    /// <summary>Output side for an input side, with this unit's padding and stride.</summary>
    public long OutSize(long size) => (size + (_pad.Length > 0 ? _pad[0] + _pad[1] : 0) - Kernel) / Stride + 1;

    public long Flops(long outH, long outW) => 2L * outH * outW * InChannels * OutChannels * Kernel * Kernel;
}
