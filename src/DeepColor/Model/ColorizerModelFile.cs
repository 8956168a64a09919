using System.Text.Json;
using System.Text.Json.Nodes;
using DeepColor.Model.Networks;
using DeepColor.Model.Serialization;
using TorchSharp;

namespace DeepColor.Model;

/// <summary>
/// The one path between a <see cref="ColorizationNet"/> and a model file: the network's
/// <see cref="ColorizerConfig"/> goes into the header, its state dict into the tensor table.
/// </summary>
public static class ColorizerModelFile
{
    private static readonly JsonSerializerOptions ConfigJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public static void Save(ColorizationNet net, string path, JsonObject? trainingSummary = null, TensorPrecision precision = TensorPrecision.Float32, string? extractorSha256 = null)
    {
        var header = new ModelFileHeader
        {
            Architecture = net.Config.Architecture,
            ArchitectureConfig = JsonSerializer.SerializeToNode(net.Config, ConfigJson)!.AsObject(),
            ExtractorId = net.Config.Extractor,
            // A U-Net's trunk started from the package's file: its hash records where the weights came from.
            ExtractorSha256 = extractorSha256 ?? (net is UNetColorizationNet ? Extractors.ResNetCfgs.CntkIn1k.Sha256 : null),
            TrainingSummary = trainingSummary ?? [],
        };
        var tensors = net.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
        ModelFile.Save(path, header, tensors, precision);
    }

    /// <summary>The config as the JSON stored in headers (also used for a run folder's model-config.json).</summary>
    public static string SerializeConfig(ColorizerConfig cfg) => JsonSerializer.Serialize(cfg, ConfigJson);

    public static ColorizerConfig DeserializeConfig(string json, string source)
    {
        try
        {
            var cfg = JsonSerializer.Deserialize<ColorizerConfig>(json, ConfigJson) ?? throw new JsonException("empty");
            cfg.Validate();
            return cfg;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: invalid model config: {e.Message}", e);
        }
    }

    /// <summary>Reads the config without loading weights.</summary>
    public static ColorizerConfig ReadConfig(string path) => ConfigOf(ModelFile.ReadHeader(path), path);

    /// <summary>
    /// Builds the network the file describes and loads its weights; the result is in eval mode.
    /// <paramref name="adjust"/> may change how it decodes (the weights stay as stored).
    /// </summary>
    public static ColorizationNet Load(string path, Func<ColorizerConfig, ColorizerConfig>? adjust = null)
    {
        using var file = ModelFile.Load(path);
        var cfg = ConfigOf(file.Header, path);
        if (adjust is not null)
        {
            cfg = adjust(cfg);
            cfg.Validate();
        }
        var net = ColorizationNet.Create(cfg);
        try
        {
            ModelFile.LoadInto(net, file);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        net.eval();
        return net;
    }

    private static ColorizerConfig ConfigOf(ModelFileHeader header, string path)
    {
        ColorizerConfig? cfg;
        try
        {
            cfg = header.ArchitectureConfig.Deserialize<ColorizerConfig>(ConfigJson);
            cfg?.Validate();
            if (cfg is not null && cfg.Architecture != header.Architecture)
                throw new ArgumentException($"the header names architecture '{header.Architecture}' but its config '{cfg.Architecture}'");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new ModelFileException(path, ModelFileFailure.WrongArchitecture, "architecture config is invalid: " + e.Message, e);
        }
        return cfg ?? throw new ModelFileException(path, ModelFileFailure.WrongArchitecture, "architecture config is missing");
    }
}
