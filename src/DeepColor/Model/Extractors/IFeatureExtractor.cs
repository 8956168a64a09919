using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>A pre-trained network that turns images into fixed-length embeddings for the colorizer's fusion layer.</summary>
public interface IFeatureExtractor : IDisposable
{
    /// <summary>The registry name <c>arch.tag</c>.</summary>
    string Name { get; }

    ExtractorCfg Cfg { get; }

    int EmbeddingDim { get; }

    /// <summary>
    /// Embeds images as the colorizer would see them: each is reduced to its L* (gray) first,
    /// then resized and normalised per <see cref="Cfg"/>. Returns one vector per image, in order.
    /// </summary>
    float[][] Embed(IReadOnlyList<RgbaImage> images, CancellationToken ct = default);
}
