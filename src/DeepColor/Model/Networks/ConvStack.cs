using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// A chain of <see cref="LayerSpec"/> rows (convolutions and upsamplings) built by walking a layer table.
/// Children are named from the table, so state-dict keys are stable and readable.
/// </summary>
internal sealed class ConvStack : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly LayerSpec[] _specs;

    public ConvStack(string name, IReadOnlyList<LayerSpec> specs, long inChannels, double widthMultiplier, bool batchNorm = false)
        : base(name)
    {
        if (specs.Count == 0) throw new ArgumentException($"{name}: empty layer table");
        _specs = specs.ToArray();
        _layers = new nn.Module<Tensor, Tensor>[specs.Count];
        long channels = inChannels;
        for (int i = 0; i < _specs.Length; i++)
        {
            var s = _specs[i];
            if (s.Kind == LayerKind.Upsample)
            {
                _layers[i] = nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest);
            }
            else
            {
                if (s.Channels <= 0 || s.Kernel <= 0 || s.Stride is not (1 or 2))
                    throw new ArgumentException($"{name}.{s.Name}: bad layer spec {s}");
                long outChannels = Scale(s.Channels, widthMultiplier);
                _layers[i] = new SameConv(s.Name, channels, outChannels, s.Kernel, s.Stride, relu: true, batchNorm);
                channels = outChannels;
            }
            register_module(s.Name, _layers[i]);
        }
        OutChannels = channels;
    }

    public long OutChannels { get; }

    /// <summary>Total downsampling factor (2 per stride-2 conv, ½ per upsample).</summary>
    public double Reduction => _specs.Aggregate(1.0, (r, s) => s.Kind == LayerKind.Upsample ? r / 2 : r * s.Stride);

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            var next = _layers[i].forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return x;
    }

    /// <summary>FLOPs of the stack for an input of <paramref name="h"/>×<paramref name="w"/>.</summary>
    public long Flops(long h, long w)
    {
        long total = 0;
        for (int i = 0; i < _layers.Length; i++)
        {
            var s = _specs[i];
            if (s.Kind == LayerKind.Upsample) { h *= 2; w *= 2; continue; }
            h = (h + s.Stride - 1) / s.Stride;
            w = (w + s.Stride - 1) / s.Stride;
            total += ((SameConv)_layers[i]).Flops(h, w);
        }
        return total;
    }

    internal static long Scale(int channels, double multiplier) => Math.Max(1, (long)Math.Round(channels * multiplier));
}
