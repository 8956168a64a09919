using System.Text.Json.Serialization;

namespace DeepColor.Model;

/// <summary>
/// Everything needed to rebuild a colorization network: stored in every model file's header, so a
/// file describes its own architecture and preprocessing.
/// </summary>
public sealed record ColorizerConfig
{
    /// <summary>Architecture family: <c>deepcolor-seed</c> (the seed's encoder and decoder) or <c>deepcolor-unet</c> (a pretrained ResNet trunk in a U-Net).</summary>
    public string Architecture { get; init; } = ArchitectureName;

    /// <summary>Decoder variant: <c>seed</c> (the KTH project) or <c>koalarization</c> (Baldassarre et al.) for the seed; <c>unet</c> for <c>deepcolor-unet</c>.</summary>
    public string Decoder { get; init; } = "seed";

    /// <summary>
    /// High-level feature source: <c>global</c> (self-contained branch trained jointly, Iizuka et al.)
    /// or the name of a registered ONNX extractor (its embedding is fed in from outside).
    /// </summary>
    public string Extractor { get; init; } = "global";

    /// <summary>Embedding width D that the fusion layer tiles over the encoder grid.</summary>
    public int EmbeddingDim { get; init; } = 256;

    /// <summary>Channel width of the global branch's convolutions (Iizuka uses 512; 256 keeps the file small).</summary>
    public int GlobalWidth { get; init; } = 256;

    /// <summary>Side of the fixed-size copy of L* that the global branch sees, so any render size works.</summary>
    public int GlobalInputSize { get; init; } = 64;

    /// <summary>Classes of the optional classification head on the global embedding (0 = none).</summary>
    public int NumClasses { get; init; }

    /// <summary>Quantised a*b* bins of the optional classification head (0 = regression only, as the seed).</summary>
    public int AbBins { get; init; }

    /// <summary>How predictions are decoded when both heads exist: <c>regression</c>, <c>bins</c> or <c>blend</c>.</summary>
    public string Decode { get; init; } = "regression";

    /// <summary>Annealed-mean temperature for decoding bins (Zhang et al. use 0.38).</summary>
    public float AnnealTemperature { get; init; } = 0.38f;

    /// <summary>
    /// The bins head's share of a <c>blend</c> (0.5 = the plain mean of the two heads). The regression head
    /// leans towards gray where the model is unsure, so a smaller share paints ambiguous surfaces less.
    /// </summary>
    public float BinsShare { get; init; } = 0.5f;

    /// <summary>
    /// Multiplies the decoded a*b* (1 = as predicted). Losses that average over plausible colours
    /// predict muted chroma; a gain chosen on held-out images restores some of it at decode time.
    /// </summary>
    public float ChromaGain { get; init; } = 1f;

    /// <summary>
    /// Exponent of the chroma curve applied after the gain (and after mirror averaging): chroma above
    /// <see cref="ChromaKnee"/> is multiplied by (C/knee)^exponent. 0 (the reading of older files) turns it off.
    /// </summary>
    public float ChromaExponent { get; init; }

    /// <summary>C*ab, in a*b* units, from which the chroma curve starts to expand colours.</summary>
    public float ChromaKnee { get; init; } = 20f;

    /// <summary>
    /// Strength k of the per-image chroma spread applied after the curve (see <c>ChromaSpread</c>): colours
    /// above the image's mean chroma grow, weaker ones fade. 0 (the reading of older files) turns it off.
    /// </summary>
    public float ChromaSpread { get; init; }

    /// <summary>
    /// How decoding brings the half-size a*b* to the input size: <c>nearest</c> (as in training, and
    /// the reading of files written before this field existed) or <c>bilinear</c>.
    /// </summary>
    public string Upsample { get; init; } = "nearest";

    /// <summary>
    /// Inference averages the prediction for the image and for its mirror image (test-time
    /// augmentation): twice the network work for steadier colours.
    /// </summary>
    public bool FlipAverage { get; init; }

    /// <summary>Image side the model was trained at; the default render size for inference unless <see cref="RenderSize"/> is set.</summary>
    public int TrainSize { get; init; } = 64;

    /// <summary>Long side the image is rendered at by default (0 = <see cref="TrainSize"/>), a decode-time choice set on export.</summary>
    public int RenderSize { get; init; }

    /// <summary>The render size inference uses when none is asked for.</summary>
    [JsonIgnore]
    public int DefaultRenderSize => RenderSize > 0 ? RenderSize : TrainSize;

    /// <summary>
    /// Normalisation after each hidden conv: <c>none</c> (the seed, as published) or <c>batch</c>
    /// (as Iizuka et al. and Zhang et al.), which trains faster and more stably from scratch.
    /// </summary>
    public string Norm { get; init; } = "none";

    /// <summary>Multiplies every conv width; 1 is the published network, smaller values are for fast tests.</summary>
    public double WidthMultiplier { get; init; } = 1.0;

    [JsonIgnore]
    public bool UsesGlobalBranch => Extractor == GlobalExtractorName;

    /// <summary>Whether inference must feed an embedding from an external ONNX extractor (the seed with a named extractor).</summary>
    [JsonIgnore]
    public bool NeedsExternalEmbedding => Architecture == ArchitectureName && !UsesGlobalBranch;

    public const string ArchitectureName = "deepcolor-seed";
    public const string UNetArchitectureName = "deepcolor-unet";

    /// <summary>Every architecture a model file may name.</summary>
    public static readonly IReadOnlyList<string> Architectures = [ArchitectureName, UNetArchitectureName];

    /// <summary>The U-Net on the pretrained ResNet trunk, with both a*b* heads.</summary>
    public static ColorizerConfig UNet(int trainSize = 128) => new()
    {
        Architecture = UNetArchitectureName,
        Decoder = "unet",
        Extractor = Extractors.ResNetCfgs.TrunkName,
        EmbeddingDim = 512,
        Norm = "batch",
        AbBins = Networks.AbBins.Count,
        Decode = "blend",
        TrainSize = trainSize,
        GlobalInputSize = trainSize,
        RenderSize = UNetRenderSize,
    };

    /// <summary>
    /// This config with the fields that record how a model was trained, not the shape of its weights, taken from
    /// <paramref name="reference"/>: the training size and, for the U-Net, whose embedding is the trunk's pooled
    /// vector at any input size, the global input size. Two fine-tunes at different crop sizes can then be
    /// averaged; the seed's global branch still has to match, since its input size is part of its network.
    /// </summary>
    public ColorizerConfig WithTrainingSizesOf(ColorizerConfig reference) => this with
    {
        TrainSize = reference.TrainSize,
        GlobalInputSize = Architecture == UNetArchitectureName ? reference.GlobalInputSize : GlobalInputSize,
    };

    /// <summary>
    /// The U-Net's default render size (long side): the trunk learned ImageNet from 224² views, so objects
    /// rendered at that scale look as they did to it; it trains at smaller crops only to save time.
    /// </summary>
    public const int UNetRenderSize = 224;
    public const string GlobalExtractorName = "global";

    /// <summary>The seed as published: D = 1000 from an external classifier, MSE regression head.</summary>
    public static ColorizerConfig Seed(string extractor = "inception_resnet_v2", int embeddingDim = 1000) =>
        new() { Extractor = extractor, EmbeddingDim = embeddingDim, TrainSize = 256, GlobalInputSize = 256 };

    /// <summary>Throws with a readable message when fields contradict each other.</summary>
    public void Validate()
    {
        if (!Architectures.Contains(Architecture)) throw new ArgumentException($"unknown architecture '{Architecture}' (valid: {string.Join(", ", Architectures)})");
        if (Architecture == ArchitectureName && Decoder is not ("seed" or "koalarization")) throw new ArgumentException($"unknown decoder '{Decoder}' (valid: seed, koalarization)");
        if (Architecture == UNetArchitectureName && (Decoder != "unet" || Extractor != Extractors.ResNetCfgs.TrunkName || Norm != "batch"))
            throw new ArgumentException($"{UNetArchitectureName} has decoder 'unet', trunk '{Extractors.ResNetCfgs.TrunkName}' and batch norm (got {Decoder}, {Extractor}, {Norm})");
        if (RenderSize < 0 || RenderSize % 8 != 0) throw new ArgumentException($"RenderSize {RenderSize} must be 0 or a positive multiple of 8");
        if (Norm is not ("none" or "batch")) throw new ArgumentException($"unknown norm '{Norm}' (valid: none, batch)");
        if (Decode is not ("regression" or "bins" or "blend")) throw new ArgumentException($"unknown decode mode '{Decode}' (valid: regression, bins, blend)");
        if (Decode != "regression" && AbBins <= 0) throw new ArgumentException($"decode '{Decode}' needs AbBins > 0");
        if (Upsample is not ("nearest" or "bilinear")) throw new ArgumentException($"unknown upsample mode '{Upsample}' (valid: nearest, bilinear)");
        if (BinsShare is < 0 or > 1) throw new ArgumentException($"BinsShare {BinsShare} must be in [0, 1]");
        if (ChromaGain is <= 0 or > 4) throw new ArgumentException($"ChromaGain {ChromaGain} must be in (0, 4]");
        if (ChromaExponent is < 0 or > 2) throw new ArgumentException($"ChromaExponent {ChromaExponent} must be in [0, 2]");
        if (ChromaKnee is < 1 or > 100) throw new ArgumentException($"ChromaKnee {ChromaKnee} must be in [1, 100] (a*b* units)");
        if (ChromaSpread is < 0 or > 2) throw new ArgumentException($"ChromaSpread {ChromaSpread} must be in [0, 2]");
        if (EmbeddingDim <= 0) throw new ArgumentException("EmbeddingDim must be positive");
        if (GlobalInputSize % 8 != 0 || GlobalInputSize <= 0) throw new ArgumentException("GlobalInputSize must be a positive multiple of 8");
        if (WidthMultiplier <= 0) throw new ArgumentException("WidthMultiplier must be positive");
    }
}
