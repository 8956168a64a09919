using DeepColor.Model;

namespace DeepColor.Inference;

/// <summary>Settings for a <see cref="Colorizer"/>; validated by <see cref="Colorizer.Load"/>.</summary>
public sealed record ColorizerOptions
{
    /// <summary>
    /// The size the network runs at (long side for <see cref="RenderSizing.KeepAspect"/>), a positive multiple
    /// of 8. Null (the default) uses the size the model was trained at, where its colours are best.
    /// </summary>
    public int? RenderSize { get; init; }

    public RenderSizing Sizing { get; init; } = RenderSizing.KeepAspect;

    /// <summary>The ONNX file for models whose feature extractor is external; ignored for self-contained models.</summary>
    public string? ExtractorPath { get; init; }

    /// <summary>Where extractors may cache converted artefacts; null = the extractor's default.</summary>
    public string? ExtractorCacheDir { get; init; }

    /// <summary>
    /// libtorch intra-op threads; null keeps libtorch's default (all cores).
    /// This is a process-wide libtorch setting, so the last colorizer loaded with a value wins.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Multiplies the chroma the model file decodes to: above 1 more vivid, below 1 calmer. The shipped
    /// model's own gain was chosen on held-out photos; this is the user's taste on top of it.
    /// </summary>
    public float Saturation { get; init; } = 1f;

    /// <summary>How the render-size colour is brought to the image's full size.</summary>
    public ChromaUpsampling Upsampling { get; init; } = ChromaUpsampling.Guided;

    public static ColorizerOptions Default { get; } = new();

    /// <summary>
    /// Whether to average each prediction with the one for the mirror image; null follows the model file.
    /// False halves the network's work (the shipped model flip-averages).
    /// </summary>
    public bool? FlipAverage { get; init; }

    /// <summary>
    /// The model's config with these options' decode-time changes: <see cref="Saturation"/> scales its own gain,
    /// <see cref="FlipAverage"/> replaces its choice when set.
    /// </summary>
    internal ColorizerConfig ApplyTo(ColorizerConfig config) => config with
    {
        ChromaGain = config.ChromaGain * Saturation,
        FlipAverage = FlipAverage ?? config.FlipAverage,
    };

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for an end user.</summary>
    public void Validate()
    {
        if (RenderSize is int size && (size <= 0 || size % 8 != 0))
            throw new ArgumentException($"render size must be a positive multiple of 8 (got {RenderSize})", nameof(RenderSize));
        if (RenderSize > 4096)
            throw new ArgumentException($"render size {RenderSize} is larger than 4096; the network gains nothing from it", nameof(RenderSize));
        if (Threads is <= 0)
            throw new ArgumentException($"threads must be positive (got {Threads})", nameof(Threads));
        if (Saturation is <= 0 or > 3 || float.IsNaN(Saturation))
            throw new ArgumentException($"saturation must be above 0 and at most 3 (got {Saturation})", nameof(Saturation));
        if (!Enum.IsDefined(Sizing))
            throw new ArgumentException($"unknown sizing mode {Sizing}", nameof(Sizing));
        if (!Enum.IsDefined(Upsampling))
            throw new ArgumentException($"unknown chroma upsampling {Upsampling}", nameof(Upsampling));
    }
}
