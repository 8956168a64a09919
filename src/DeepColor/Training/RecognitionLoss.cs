using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>
/// Asks the colour image a network paints to look, to a frozen ImageNet network, like the true photo: both go
/// through the pretrained ResNet trunk, and the loss is 1 − the cosine of their pooled 512-d features, averaged
/// over the batch. A share of it can instead compare the stride-16 feature maps place by place, so that a
/// local patch of a wrong hue costs even when the image as a whole is still recognised. Per-pixel losses cannot see that a meadow painted brown is no longer a meadow; an ImageNet
/// network can, and its gradient reaches a*b* through a differentiable Lab → sRGB.
/// </summary>
/// <remarks>
/// Training crops (128²) show objects smaller than the 224² views the judge learned ImageNet from, and a CNN's
/// features are not scale-free; a judge size resizes both images, so the long side is that size, before judging.
/// The judge is its own copy of the trunk, on the ImageNet weights and in eval mode, with no trainable
/// weights, so a model that fine-tunes its own trunk cannot make the judge easier to please.
/// </remarks>
public sealed class RecognitionLoss : IDisposable
{
    // The stride-16 tap: fine enough to place a blotch, coarse enough to see what the region is.
    private const int LocalTap = 3;

    private readonly ResNetTrunk _judge;
    private readonly double _localShare;
    private readonly int _judgeSize;

    /// <summary>
    /// Takes ownership of <paramref name="judge"/> and freezes it. <paramref name="localShare"/> (0–1) is the
    /// part of the term given to the stride-16 maps; the rest goes to the pooled features. <paramref name="judgeSize"/>
    /// (0 = as given, else a positive multiple of 32) is the long side both images are resized to before judging.
    /// </summary>
    public RecognitionLoss(ResNetTrunk judge, double localShare = 0, int judgeSize = 0)
    {
        if (localShare is < 0 or > 1 || double.IsNaN(localShare)) throw new ArgumentOutOfRangeException(nameof(localShare), localShare, "must be in [0, 1]");
        if (judgeSize < 0 || judgeSize % 32 != 0) throw new ArgumentOutOfRangeException(nameof(judgeSize), judgeSize, "must be 0 or a positive multiple of 32");
        _judge = judge;
        _localShare = localShare;
        _judgeSize = judgeSize;
        foreach (var p in _judge.parameters()) p.requires_grad = false;
        _judge.eval();
    }

    /// <summary>A judge with the ImageNet weights of the registered trunk file (checked by SHA-256).</summary>
    public static RecognitionLoss FromTrunkFile(string? path, Device device, double localShare = 0, int judgeSize = 0)
    {
        var trunk = new ResNetTrunk("judge");
        try
        {
            OnnxTrunkWeights.Import(trunk, path);
            trunk.to(device);
            return new RecognitionLoss(trunk, localShare, judgeSize);
        }
        catch
        {
            trunk.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="l"/>: L*/50−1 as [N,1,H,W]; <paramref name="abPredicted"/> and <paramref name="abTarget"/>:
    /// a*b*/128 as [N,2,H,W]. Returns a scalar in [0, 2]: 0 when the two images have the same features.
    /// </summary>
    public Tensor Compute(Tensor l, Tensor abPredicted, Tensor abTarget)
    {
        using var scope = NewDisposeScope();
        ResNetFeatures target;
        using (no_grad())
            target = Features(l, abTarget);
        var predicted = Features(l, abPredicted);
        var term = Distance(predicted.Pooled, target.Pooled).Times(1 - _localShare);
        // Cosine over the channels at each place of the map, then the mean over places and images.
        if (_localShare > 0) term = term.Plus(Distance(predicted.Taps[LocalTap], target.Taps[LocalTap]).Times(_localShare));
        return term.MoveToOuterDisposeScope();
    }

    private static Tensor Distance(Tensor predicted, Tensor target) =>
        nn.functional.cosine_similarity(predicted, target, 1, 1e-8).Times(-1.0).Plus(1.0).mean();

    private ResNetFeatures Features(Tensor l, Tensor ab) =>
        _judge.forward(ResNetTrunk.InputFromSrgb(AtJudgeSize(LabTensors.ToSrgb(LabTensors.FromNetwork(l, ab)))));

    /// <summary>sRGB [N,3,H,W] resized (bilinear) so its long side is the judge size and both sides are multiples of 32.</summary>
    internal Tensor AtJudgeSize(Tensor srgb)
    {
        if (_judgeSize == 0) return srgb;
        long h = srgb.shape[2], w = srgb.shape[3];
        double scale = (double)_judgeSize / Math.Max(h, w);
        long[] size = [JudgeSide(h * scale), JudgeSide(w * scale)];
        if (size[0] == h && size[1] == w) return srgb;
        return nn.functional.interpolate(srgb, size, mode: InterpolationMode.Bilinear, align_corners: false);
    }

    private static long JudgeSide(double side) => Math.Max(32, (long)Math.Round(side / 32) * 32);

    /// <summary>The judge's weights, for tests that check it stays frozen.</summary>
    internal IEnumerable<TorchSharp.Modules.Parameter> JudgeParameters() => _judge.parameters();

    public void Dispose() => _judge.Dispose();
}
