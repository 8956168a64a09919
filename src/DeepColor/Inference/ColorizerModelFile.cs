using System.Text.Json;
using System.Text.Json.Nodes;
using DeepColor.Model;
using DeepColor.Model.Networks;
using DeepColor.Model.Serialization;

namespace DeepColor.Inference;

/// <summary>
/// The one convention for storing a <see cref="ColorizationNet"/> in a <see cref="ModelFile"/>:
/// the header's ArchitectureConfig is the <see cref="ColorizerConfig"/> as JSON, tensors are the state dict.
/// Writer and reader live together so they cannot drift apart.
/// </summary>
public static class ColorizerModelFile
{
    private static readonly JsonSerializerOptions ConfigJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Writes the network's weights and config (atomically).</summary>
    public static void Save(ColorizationNet net, string path, JsonObject? trainingSummary = null, TensorPrecision precision = TensorPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(net);
        var cfg = net.Config;
        var header = new ModelFileHeader
        {
            Architecture = cfg.Architecture,
            ArchitectureConfig = ToJson(cfg),
            ExtractorId = cfg.Extractor,
            TrainingSummary = trainingSummary ?? [],
        };
        var tensors = net.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
        ModelFile.Save(path, header, tensors, precision);
    }

    public static JsonObject ToJson(ColorizerConfig cfg) =>
        JsonSerializer.SerializeToNode(cfg, ConfigJson) as JsonObject ?? throw new InvalidOperationException("config did not serialise to an object");

    /// <summary>The config stored in a header; throws <see cref="ModelFileException"/> when it is unreadable or invalid.</summary>
    public static ColorizerConfig ReadConfig(ModelFileHeader header, string path)
    {
        ColorizerConfig? cfg;
        try
        {
            cfg = header.ArchitectureConfig.Deserialize<ColorizerConfig>(ConfigJson);
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, ModelFileFailure.BadJson, "architecture config is not a colorizer config: " + e.Message, e);
        }
        if (cfg is null) throw new ModelFileException(path, ModelFileFailure.BadJson, "architecture config is empty");
        try
        {
            cfg.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException(path, ModelFileFailure.BadJson, "architecture config: " + e.Message, e);
        }
        return cfg;
    }

    /// <summary>Builds the network a file describes and loads its weights.</summary>
    public static ColorizationNet LoadNetwork(string path)
    {
        using var file = ModelFile.Load(path, ColorizerConfig.ArchitectureName);
        var cfg = ReadConfig(file.Header, path);
        var net = ColorizationNet.Create(cfg);
        try
        {
            ModelFile.LoadInto(net, file);
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }
}
