using DeepColor.Data;
using DeepColor.Imaging;
using DeepColor.Model.Extractors;

namespace DeepColor.Training;

/// <summary>
/// Runs a frozen ONNX extractor over a dataset once, through an <see cref="EmbeddingCache"/>. Embeddings
/// are taken from each stored (un-augmented) image, as Baldassarre et al. precompute theirs, so every
/// augmented view of an image shares its embedding.
/// </summary>
internal static class EmbeddingPrecomputer
{
    private const int Batch = 16;

    /// <param name="progress">Called after each batch the extractor runs with (images done, images not in the cache).</param>
    public static float[][] Compute(IFeatureExtractor extractor, EmbeddingCache cache, IReadOnlyList<TrainingImage> images, Action<int, int>? progress, CancellationToken ct)
    {
        var result = new float[images.Count][];
        var hashes = images.Select(i => EmbeddingCache.ContentHash(i.Image)).ToArray();
        var missing = new List<int>();
        for (int i = 0; i < images.Count; i++)
        {
            if (cache.TryGet(hashes[i], out var cached)) result[i] = cached;
            else missing.Add(i);
        }
        for (int start = 0; start < missing.Count; start += Batch)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = missing.Skip(start).Take(Batch).ToList();
            var embeddings = extractor.Embed(chunk.Select(i => images[i].Image).ToList(), ct);
            for (int k = 0; k < chunk.Count; k++)
            {
                result[chunk[k]] = embeddings[k];
                cache.Add(hashes[chunk[k]], embeddings[k]);
            }
            progress?.Invoke(start + chunk.Count, missing.Count);
        }
        return result;
    }

    /// <summary>What, besides the weights, changes an embedding: the extractor's input contract.</summary>
    public static string Preprocessing(ExtractorCfg cfg, int storeSize) =>
        $"store={storeSize};in={cfg.InputSummary};{cfg.Layout};{cfg.Range};mean={string.Join(",", cfg.Mean)};std={string.Join(",", cfg.Std)};" +
        $"{cfg.ResizeMode};crop={cfg.CropPct};{cfg.Interpolation};{cfg.Embedding};gray";
}
