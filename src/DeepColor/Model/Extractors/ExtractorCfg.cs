using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Everything needed to obtain, check and feed one pre-trained feature extractor, named <c>arch.tag</c>.
/// Preprocessing is derived from this record only, so an extractor's input contract travels with its weights.
/// </summary>
public sealed record ExtractorCfg
{
    // ---- identity ----

    /// <summary>Family name, e.g. <c>inception_resnet_v2</c>; must not contain a dot.</summary>
    public required string Architecture { get; init; }

    /// <summary>Weights variant, e.g. <c>keras_in1k</c>.</summary>
    public required string Tag { get; init; }

    /// <summary>The registry name <c>arch.tag</c>.</summary>
    public string Name => Architecture + "." + Tag;

    /// <summary>One line for listings.</summary>
    public string Description { get; init; } = "";

    // ---- weight source ----

    public ExtractorSource Source { get; init; } = ExtractorSource.Onnx;

    /// <summary>File name looked up in the model cache; null for <see cref="ExtractorSource.Network"/> entries.</summary>
    public string? FileName { get; init; }

    /// <summary>
    /// Where a NuGet package's build props copy the file, relative to the application's folder; null when no
    /// package ships it. Such a file comes with <c>dotnet restore</c> and needs no download.
    /// </summary>
    public string? BundledPath { get; init; }

    /// <summary>The NuGet package (id and version) that ships the file at <see cref="BundledPath"/>.</summary>
    public string? Package { get; init; }

    /// <summary>Where the file can be obtained (never fetched automatically); null when the user must export it.</summary>
    public string? Url { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file, or null when it depends on the user's export.</summary>
    public string? Sha256 { get; init; }

    public string License { get; init; } = "unknown";

    /// <summary>Where the weights were published.</summary>
    public string? Origin { get; init; }

    public string? Paper { get; init; }

    // ---- input contract ----

    public int Channels { get; init; } = 3;
    public required int Height { get; init; }
    public required int Width { get; init; }
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Range pixels are mapped to before normalisation.</summary>
    public PixelRange Range { get; init; } = PixelRange.Unit;

    /// <summary>Per output channel (in <see cref="ChannelOrder"/>), subtracted after mapping to <see cref="Range"/>.</summary>
    public required IReadOnlyList<float> Mean { get; init; }

    /// <summary>Per output channel, divided by after subtracting <see cref="Mean"/>.</summary>
    public required IReadOnlyList<float> Std { get; init; }

    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;
    public ResizeFilter Interpolation { get; init; } = ResizeFilter.Bilinear;
    public ResizeMode ResizeMode { get; init; } = ResizeMode.ShorterSideCenterCrop;

    /// <summary>Fraction of the scaled image kept by the centre crop (timm's <c>crop_pct</c>); 1 keeps the whole shorter side.</summary>
    public float CropPct { get; init; } = 0.875f;

    // ---- ONNX graph and output ----

    /// <summary>Expected graph input name; when absent from the file, a single-input graph is used as is.</summary>
    public string? InputName { get; init; }

    /// <summary>Expected graph output name; when absent from the file, a single-output graph is used as is.</summary>
    public string? OutputName { get; init; }

    /// <summary>What the graph's output holds.</summary>
    public OutputKind OnnxOutput { get; init; } = OutputKind.Logits;

    /// <summary>What <see cref="IFeatureExtractor.Embed"/> returns; logits are turned into softmax in C# when asked.</summary>
    public OutputKind Embedding { get; init; } = OutputKind.Softmax;

    /// <summary>Length of the embedding vector.</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>Input shape for <paramref name="batch"/> images in this cfg's layout.</summary>
    public long[] InputShape(long batch) => Layout == TensorLayout.Nchw
        ? [batch, Channels, Height, Width]
        : [batch, Height, Width, Channels];

    /// <summary>"3×299×299" style summary for listings.</summary>
    public string InputSummary => $"{Channels}×{Height}×{Width}";

    /// <summary>Throws <see cref="ArgumentException"/> when the record is inconsistent; the registry calls it on registration.</summary>
    public void Validate()
    {
        void Fail(string why) => throw new ArgumentException($"extractor cfg '{Name}': {why}");
        if (string.IsNullOrWhiteSpace(Architecture) || Architecture.Contains('.')) Fail("architecture must be non-empty and contain no '.'");
        if (string.IsNullOrWhiteSpace(Tag)) Fail("tag must be non-empty");
        if (Channels is not (1 or 3)) Fail($"channels must be 1 or 3, not {Channels}");
        if (Height <= 0 || Width <= 0) Fail($"input size {Height}×{Width} must be positive");
        if (Mean.Count != Channels || Std.Count != Channels) Fail($"mean/std need {Channels} values, got {Mean.Count}/{Std.Count}");
        if (Std.Any(s => !(s > 0))) Fail("std values must be positive");
        if (!(CropPct > 0 && CropPct <= 1)) Fail($"crop_pct {CropPct} must be in (0, 1]");
        if (EmbeddingDim <= 0) Fail($"embedding dim {EmbeddingDim} must be positive");
        if (Source == ExtractorSource.Onnx && string.IsNullOrWhiteSpace(FileName)) Fail("an ONNX extractor needs a file name");
        if (Sha256 is not null && (Sha256.Length != 64 || !Sha256.All(Uri.IsHexDigit))) Fail("sha256 must be 64 hex digits");
        if (OnnxOutput == OutputKind.Softmax && Embedding == OutputKind.Logits) Fail("cannot recover logits from a softmax output");
        if ((OnnxOutput == OutputKind.Features) != (Embedding == OutputKind.Features)) Fail("pooled features are neither logits nor probabilities");
        if ((BundledPath is null) != (Package is null)) Fail("a bundled file needs the package that ships it, and the other way round");
    }
}
