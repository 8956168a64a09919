namespace DeepColor.Model.Extractors;

/// <summary>
/// The colorizer's own global-features branch (Iizuka et al., 2016), trained jointly with the network:
/// listed so it can be chosen and shown like the others, but built by the network, never loaded from ONNX.
/// </summary>
internal static class GlobalBranchCfgs
{
    /// <summary>Input is the network's L channel: L*/100 with mean/std 0.5 is the colorizer's L/50 − 1.</summary>
    public static readonly ExtractorCfg Joint = new()
    {
        Architecture = "global",
        Tag = "joint",
        Description = "self-contained global branch, trained jointly with the colorizer",
        Source = ExtractorSource.Network,
        License = "same as the trained model",
        Paper = "Iizuka, Simo-Serra, Ishikawa, Let there be Color!, SIGGRAPH 2016",
        Channels = 1,
        Height = 224,
        Width = 224,
        Mean = [0.5f],
        Std = [0.5f],
        ResizeMode = ResizeMode.Stretch,
        CropPct = 1f,
        EmbeddingDim = 256,
    };

    public static void Register(ExtractorRegistry registry) => registry.Register(Joint, isDefault: true);
}
