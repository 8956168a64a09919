using DeepColor.Data;
using DeepColor.Model;
using DeepColor.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>
/// Class rebalancing for the a*b* bins (Zhang et al. 2016 §2.2): w ∝ ((1−λ)·p + λ/Q)⁻¹ with
/// E_p[w] = 1, where p is the empirical bin distribution of the training set. Rare, saturated
/// colours get larger weights, which counters the desaturated "sepia" average.
/// </summary>
public static class RebalanceWeights
{
    /// <summary>Estimates p from up to <paramref name="maxImages"/> centre views and returns the weights [Q].</summary>
    public static Tensor Estimate(IReadOnlyList<TrainingImage> images, int size, double lambda, int maxImages = 2000)
    {
        using var scope = NewDisposeScope();
        var centres = AbBins.CentresTensor();
        int q = AbBins.Count;
        var counts = zeros(q, dtype: float64);
        int step = Math.Max(1, images.Count / maxImages);
        int plane = size * size;
        var l = new float[plane];
        var ab = new float[2 * plane];
        for (int i = 0; i < images.Count; i += step)
        {
            var rng = new DeterministicRandom(0, 0, i);
            var view = Augmenter.Render(images[i].Image, size, AugmentOptions.None, ref rng);
            BatchLoader.WriteLab(view, l, ab.AsSpan(0, plane), ab.AsSpan(plane, plane));
            using var inner = NewDisposeScope();
            var t = tensor(ab, [1, 2, size, size]);
            var idx = AbBins.Nearest(t, centres).flatten();
            counts.IndexAddInPlace(0, idx, ones(idx.shape[0], dtype: float64));
        }
        var p = counts / counts.sum();
        var w = p.Times(1 - lambda).Plus(lambda / q).reciprocal();
        w = w / (p * w).sum();
        return w.to_type(float32).MoveToOuterDisposeScope();
    }
}
