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
    /// <summary>
    /// Estimates p from the centre views of up to <paramref name="maxImages"/> evenly spaced records and
    /// returns the weights [Q]. A streamed set decodes just this sample, <paramref name="workers"/> at a time.
    /// </summary>
    public static Tensor Estimate(ITrainingSet images, int size, double lambda, int maxImages = 2000, int workers = 1)
    {
        using var p = EstimatePrior(images, size, maxImages, workers);
        return FromPrior(p, lambda);
    }

    /// <summary>The empirical bin distribution p [Q] (float64) of the sample <see cref="Estimate"/> describes.</summary>
    public static Tensor EstimatePrior(ITrainingSet images, int size, int maxImages = 2000, int workers = 1)
    {
        using var scope = NewDisposeScope();
        var centres = AbBins.CentresTensor();
        int q = AbBins.Count;
        var counts = zeros(q, dtype: float64);
        int step = Math.Max(1, images.Count / maxImages);
        int plane = size * size;
        var identity = Enumerable.Range(0, images.Count).ToArray();
        var positions = Enumerable.Range(0, (images.Count + step - 1) / step).Select(k => k * step).ToArray();
        // Views are rendered a chunk at a time: a bounded buffer, and the decoding of a streamed sample in parallel.
        const int Chunk = 32;
        var ab = new float[Chunk * 2 * plane];
        var l = new float[Chunk * plane];
        for (int first = 0; first < positions.Length; first += Chunk)
        {
            int n = Math.Min(Chunk, positions.Length - first);
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, k =>
            {
                int i = positions[first + k];
                var rng = new DeterministicRandom(0, 0, i);
                var view = Augmenter.Render(images.Fetch(identity, i).Image.Image, size, AugmentOptions.None, ref rng);
                BatchLoader.WriteLab(view, l.AsSpan(k * plane, plane), ab.AsSpan(k * 2 * plane, plane), ab.AsSpan(k * 2 * plane + plane, plane));
            });
            // One image at a time: the distance matrix of a whole chunk would take hundreds of MB.
            for (int k = 0; k < n; k++)
            {
                using var inner = NewDisposeScope();
                var t = tensor(ab.AsSpan(k * 2 * plane, 2 * plane).ToArray(), [1, 2, size, size]);
                var idx = AbBins.Nearest(t, centres).flatten();
                counts.IndexAddInPlace(0, idx, ones(idx.shape[0], dtype: float64));
            }
        }
        return (counts / counts.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>The weights [Q] for λ from a prior that <see cref="EstimatePrior"/> gave.</summary>
    public static Tensor FromPrior(Tensor p, double lambda)
    {
        using var scope = NewDisposeScope();
        var w = p.Times(1 - lambda).Plus(lambda / p.shape[0]).reciprocal();
        w = w / (p * w).sum();
        return w.to_type(float32).MoveToOuterDisposeScope();
    }
}
