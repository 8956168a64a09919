using DeepColor.Model;
using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using TorchSharp;

namespace DeepColor.Inference;

/// <summary>Builds the predictor for a model file: the network from its header, and the extractor its config names.</summary>
internal static class PredictorFactory
{
    public static IAbPredictor Load(string path, ColorizerOptions options)
    {
        ApplyThreads(options);
        var net = ColorizerModelFile.Load(path, options.ApplyTo);
        try
        {
            if (!net.Config.NeedsExternalEmbedding) return new NetworkAbPredictor(net);
            var extractor = ExtractorRegistry.Default.Create(net.Config.Extractor, options.ExtractorPath, options.ExtractorCacheDir);
            try
            {
                if (extractor.EmbeddingDim != net.Config.EmbeddingDim)
                    throw new ArgumentException($"extractor '{extractor.Name}' gives {extractor.EmbeddingDim} features but the model expects {net.Config.EmbeddingDim}");
                return new NetworkAbPredictor(net, (gray, ct) => extractor.Embed([gray], ct)[0], extractor);
            }
            catch
            {
                extractor.Dispose();
                throw;
            }
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    public static void ApplyThreads(ColorizerOptions options)
    {
        if (options.Threads is int n) torch.set_num_threads(n);
    }
}
