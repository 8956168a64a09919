using DeepColor.Model.Networks;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Copies a ResNet's ImageNet weights from its ONNX file into a <see cref="ResNetTrunk"/>: the graph's Conv
/// nodes, in graph order, match the trunk's units in export order, and each conv's batch norm is the node
/// that consumes its output. Shapes are checked unit by unit, so a different network fails with its name.
/// </summary>
public static class OnnxTrunkWeights
{
    /// <summary>Resolves, checks (SHA-256) and imports the registered trunk file; returns the path used.</summary>
    /// <exception cref="ExtractorException">The file is missing, altered, or not the network the trunk expects.</exception>
    public static string Import(ResNetTrunk trunk, string? path = null)
    {
        var cfg = ExtractorRegistry.Default.Get(ResNetCfgs.TrunkName);
        string file = ExtractorFiles.Resolve(cfg, path);
        ExtractorFiles.VerifySha256(cfg, file);
        ImportFrom(trunk, file);
        return file;
    }

    /// <summary>Imports from <paramref name="file"/> without a checksum (tests, other exports of the same shape).</summary>
    public static void ImportFrom(ResNetTrunk trunk, string file)
    {
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(file);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or IOException)
        {
            throw new ExtractorException(ExtractorFailure.NotOnnx, $"{file}: not a readable ONNX file ({e.Message})", file);
        }
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, t => t);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(x => x.Input, x => x.Node);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        var units = trunk.UnitsInExportOrder().ToList();
        if (convs.Count != units.Count)
            throw Mismatch(file, $"the graph has {convs.Count} convolutions, the trunk {units.Count}");

        using var noGrad = no_grad();
        for (int i = 0; i < units.Count; i++)
        {
            var node = convs[i];
            var unit = units[i];
            var bn = consumers[node.Output[0]].FirstOrDefault(n => n.OpType == "BatchNormalization")
                ?? throw Mismatch(file, $"convolution {node.Name} ({i + 1}) has no batch norm after it");
            if (node.Input.Count != 2) throw Mismatch(file, $"convolution {i + 1} has a bias; the trunk's convs have none");
            float eps = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            if (Math.Abs(eps - unit.Norm.eps) > 1e-7) throw Mismatch(file, $"batch norm {i + 1} has epsilon {eps}, the trunk {unit.Norm.eps}");
            Copy(file, initializers, node.Input[1], unit.Conv.weight!, $"conv {i + 1}");
            Copy(file, initializers, bn.Input[1], unit.Norm.weight!, $"batch norm {i + 1} scale");
            Copy(file, initializers, bn.Input[2], unit.Norm.bias!, $"batch norm {i + 1} shift");
            Copy(file, initializers, bn.Input[3], unit.Norm.running_mean!, $"batch norm {i + 1} mean");
            Copy(file, initializers, bn.Input[4], unit.Norm.running_var!, $"batch norm {i + 1} variance");
            unit.ResetFolding();
        }
    }

    /// <summary>
    /// Gives back the ImageNet running statistics that an fp16 model file written before fp32 fallback (9a1991a)
    /// rounded to infinity, silencing their channels: for each unit whose conv still holds the ImageNet
    /// weights (to fp16 rounding; frozen since import), every channel of non-finite running variance takes
    /// the registered file's mean and variance again. Units that trained keep theirs. Returns how many channels.
    /// </summary>
    public static int RestoreOverflowedStatistics(ResNetTrunk trunk, string? path = null)
    {
        // Files written since the fix hold none, and the import below is the costly part.
        if (!trunk.HasNonFiniteStatistics()) return 0;
        using var reference = new ResNetTrunk("reference");
        Import(reference, path);
        using var noGrad = no_grad();
        int restored = 0;
        foreach (var (unit, imagenet) in trunk.UnitsInExportOrder().Zip(reference.UnitsInExportOrder()))
        {
            using var scope = NewDisposeScope();
            var alive = unit.AliveChannels(out int lost);
            if (lost == 0 || !unit.Conv.weight!.allclose(imagenet.Conv.weight!, rtol: 1e-3, atol: 1e-6)) continue;
            unit.Norm.running_var!.copy_(unit.Norm.running_var.where(alive, imagenet.Norm.running_var!));
            unit.Norm.running_mean!.copy_(unit.Norm.running_mean.where(alive, imagenet.Norm.running_mean!));
            unit.ResetFolding();
            restored += lost;
        }
        return restored;
    }

    private static void Copy(string file, Dictionary<string, TensorProto> initializers, string name, Tensor target, string what)
    {
        if (!initializers.TryGetValue(name, out var proto)) throw Mismatch(file, $"{what}: initializer '{name}' not found");
        var dims = proto.Dims.ToArray();
        if (!dims.SequenceEqual(target.shape))
            throw Mismatch(file, $"{what} is [{string.Join(",", dims)}], the trunk expects [{string.Join(",", target.shape)}]");
        if (proto.DataType != (int)TensorProto.Types.DataType.Float) throw Mismatch(file, $"{what} is not float32");
        float[] values = proto.FloatData.Count > 0 ? proto.FloatData.ToArray() : FromRaw(proto.RawData.Span);
        if (values.Length != target.numel()) throw Mismatch(file, $"{what} holds {values.Length} values, expected {target.numel()}");
        using var source = tensor(values, target.shape);
        target.copy_(source);
    }

    private static float[] FromRaw(ReadOnlySpan<byte> raw)
    {
        // ONNX raw data is little-endian, as is every platform .NET runs libtorch on.
        var values = new float[raw.Length / sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
        return values;
    }

    private static ExtractorException Mismatch(string file, string why) =>
        new(ExtractorFailure.ShapeMismatch, $"{file}: not the ResNet the trunk rebuilds: {why}", file);
}
