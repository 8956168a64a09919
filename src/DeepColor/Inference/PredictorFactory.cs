using TorchSharp;

namespace DeepColor.Inference;

/// <summary>Builds the predictor for a model file.</summary>
internal static class PredictorFactory
{
    public static IAbPredictor Load(string path, ColorizerOptions options) =>
        throw new NotSupportedException($"cannot load {path}: the network is not available in this build yet");

    public static void ApplyThreads(ColorizerOptions options)
    {
        if (options.Threads is int n) torch.set_num_threads(n);
    }
}
