using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Networks;
using TorchSharp;

namespace DeepColor.Inference;

/// <summary>Runs a <see cref="ColorizationNet"/> (and, when its config names one, an external feature extractor).</summary>
internal sealed class NetworkAbPredictor : IAbPredictor
{
    private readonly ColorizationNet _net;
    private readonly Func<RgbaImage, CancellationToken, float[]>? _embed;
    private readonly IDisposable? _extractor;

    /// <summary>
    /// Takes ownership of <paramref name="net"/> and <paramref name="extractor"/>. <paramref name="embed"/>
    /// turns the gray render into the [D] embedding; null for self-contained (global branch) configs.
    /// </summary>
    public NetworkAbPredictor(ColorizationNet net, Func<RgbaImage, CancellationToken, float[]>? embed = null, IDisposable? extractor = null)
    {
        if (net.Config.NeedsExternalEmbedding == (embed is null))
            throw new ArgumentException(!net.Config.NeedsExternalEmbedding
                ? "this model computes its own global features and takes no extractor"
                : $"this model needs the '{net.Config.Extractor}' feature extractor");
        _net = net;
        _embed = embed;
        _extractor = extractor;
        _net.eval();
        var cfg = net.Config;
        Description = $"{cfg.Architecture}/{cfg.Decoder}, features: {cfg.Extractor} (D={cfg.EmbeddingDim}), decode: {cfg.Decode}{(cfg.FlipAverage ? " + mirror" : "")}{(cfg.ChromaExponent > 0 ? FormattableString.Invariant($" + chroma curve (C/{cfg.ChromaKnee:0.#})^{cfg.ChromaExponent:0.##}") : "")}{(cfg.ChromaSpread > 0 ? FormattableString.Invariant($" + chroma spread {cfg.ChromaSpread:0.##}") : "")}, {net.ParameterCount:N0} parameters";
    }

    public string Description { get; }

    public bool NeedsGrayImage => _embed is not null;

    public ColorizerConfig Config => _net.Config;

    public float[] PredictAb(float[] lNorm, int width, int height, RgbaImage? grayImage, float saturation, CancellationToken cancellationToken)
    {
        float[]? embedding = null;
        if (_embed is not null)
        {
            if (grayImage is null) throw new ArgumentNullException(nameof(grayImage), "the feature extractor needs the gray render");
            embedding = _embed(grayImage, cancellationToken);
            if (embedding.Length != _net.Config.EmbeddingDim)
                throw new InvalidOperationException($"extractor '{_net.Config.Extractor}' gave {embedding.Length} values, the model expects {_net.Config.EmbeddingDim}");
        }
        cancellationToken.ThrowIfCancellationRequested();

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var l = torch.tensor(lNorm, [1, 1, height, width]);
        var e = embedding is null ? null : torch.tensor(embedding, [1, embedding.Length]);
        var ab = _net.PredictAb(l, e, saturation).contiguous();
        return ab.data<float>().ToArray();
    }

    public long? CountFlops(int width, int height) => _net.Flops(height, width);

    public int? PreferredRenderSize => _net.Config.DefaultRenderSize;

    public void Dispose()
    {
        _net.Dispose();
        _extractor?.Dispose();
    }
}
