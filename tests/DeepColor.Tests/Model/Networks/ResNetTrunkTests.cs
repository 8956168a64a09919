using DeepColor.Imaging;
using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using DeepColor.Model.Serialization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model.Networks;

/// <summary>
/// Pins the TorchSharp rebuild of the NuGet package's ResNet against ONNX Runtime running the package's own
/// file, on the repository's sample photo. The file comes with 'dotnet restore'; these tests never skip.
/// </summary>
public sealed class ResNetTrunkTests
{
    // The graph's tensors at the trunk's taps (stride 2, 4, 8, 16, 32) and its pooled output.
    private static readonly string[] TapOutputs =
        ["ReLU253_Output_0", "ReLU283_Output_0", "ReLU315_Output_0", "ReLU347_Output_0", "ReLU393_Output_0"];
    private const string PooledOutput = "Pooling395_Output_0";

    private readonly ITestOutputHelper _output;

    public ResNetTrunkTests(ITestOutputHelper output) => _output = output;

    private static string TrunkFile => ExtractorFiles.BundledFile(ResNetCfgs.CntkIn1k)!;

    [Theory]
    [InlineData(224)]
    [InlineData(256)]
    public void Should_match_onnx_runtime_at_every_tap(int size)
    {
        // Given the trunk with the package's weights and the sample photo in the trunk's input contract
        using var trunk = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(trunk);
        trunk.eval();
        float[] input = TrunkInput(size);

        // When both run it
        var expected = RunOnnx(input, size);
        float[][] actual;
        float[] pooled;
        using (no_grad())
        using (var x = tensor(input, [1, 3, size, size]))
        {
            var features = trunk.forward(x);
            actual = features.Taps.Select(t => t.data<float>().ToArray()).ToArray();
            pooled = features.Pooled.data<float>().ToArray();
        }

        // Then every tap (and at 224, the graph's pooled output) agrees to 1e-4 of its largest value
        for (int i = 0; i < TapOutputs.Length; i++)
        {
            double err = RelativeError(actual[i], expected[TapOutputs[i]]);
            _output.WriteLine($"{size}²: tap {trunk.FeatureInfo[i].Module} (stride {trunk.FeatureInfo[i].Reduction}) relative error {err:E2}");
            Assert.True(err <= 1e-4, $"tap {i} at {size}²: relative error {err:E2}");
        }
        if (size == 224)
        {
            double err = RelativeError(pooled, expected[PooledOutput]);
            _output.WriteLine($"pooled relative error {err:E2}");
            Assert.True(err <= 1e-4, $"pooled: relative error {err:E2}");
        }
    }

    [Fact]
    public void Should_refuse_an_altered_file_saying_how_to_restore_it()
    {
        // Given a copy of the trunk file with one byte changed
        using var dir = new Support.TempDir();
        string copy = Path.Combine(dir.Path, "ResNet18.onnx");
        var bytes = File.ReadAllBytes(TrunkFile);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);
        using var trunk = new ResNetTrunk("trunk");

        // Then the import fails on the checksum and says where the file comes from
        var e = Assert.Throws<ExtractorException>(() => OnnxTrunkWeights.Import(trunk, copy));
        Assert.Equal(ExtractorFailure.ChecksumMismatch, e.Failure);
        Assert.Contains("dotnet restore", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Should_refuse_a_missing_file_saying_how_to_restore_it()
    {
        using var trunk = new ResNetTrunk("trunk");
        var e = Assert.Throws<ExtractorException>(() => OnnxTrunkWeights.Import(trunk, "/nonexistent/ResNet18.onnx"));
        Assert.Equal(ExtractorFailure.FileMissing, e.Failure);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", e.Message);
    }

    [Fact]
    public void Should_declare_its_taps_and_have_the_exported_weight_count()
    {
        using var trunk = new ResNetTrunk("trunk");
        Assert.Equal([2, 4, 8, 16, 32], trunk.FeatureInfo.Select(t => t.Reduction));
        Assert.Equal([64L, 64, 128, 256, 512], trunk.FeatureInfo.Select(t => t.Channels));
        // 15,908,800 initializer values in the graph: convs, BN scale and shift, and the BN running statistics.
        long weights = trunk.parameters().Sum(p => p.numel()) + trunk.buffers().Where(b => b.dtype == ScalarType.Float32).Sum(b => b.numel());
        Assert.Equal(15_908_800L, weights);
    }

    [Fact]
    public void Should_keep_frozen_parts_out_of_autograd_and_on_imagenet_statistics()
    {
        using var trunk = new ResNetTrunk("trunk");
        trunk.Freeze(3);
        trunk.train();
        var stemMean = trunk.named_buffers().First(b => b.name == "stem.norm.running_mean").buffer.clone();
        using var x = randn(2, 3, 64, 64);
        var features = trunk.forward(x);
        Assert.False(features.Taps[2].requires_grad);
        Assert.True(features.Taps[3].requires_grad);
        Assert.True(trunk.named_buffers().First(b => b.name == "stem.norm.running_mean").buffer.allclose(stemMean, 0, 0));
        Assert.All(trunk.named_parameters().Where(p => p.name.StartsWith("stage1.") || p.name.StartsWith("stem.")), p => Assert.False(p.parameter.requires_grad));
        Assert.All(trunk.named_parameters().Where(p => p.name.StartsWith("stage3.")), p => Assert.True(p.parameter.requires_grad));
    }

    [Fact]
    public void Should_keep_the_stems_large_variances_finite_through_an_fp16_model_file()
    {
        // Given the ImageNet trunk, whose stem batch norm has running variances beyond fp16's 65,504
        using var trunk = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(trunk);
        var variance = trunk.named_buffers().First(b => b.name == "stem.norm.running_var").buffer;
        Assert.True(variance.max().item<float>() > 65504f, "the package's stem no longer exceeds fp16's range; this test pins that case");

        // When its state is written to an fp16 model file and read back
        using var dir = new Support.TempDir();
        string path = Path.Combine(dir.Path, "trunk.dclr");
        ModelFile.Save(path, new ModelFileHeader { Architecture = "trunk-test" }, trunk.state_dict().Select(kv => (kv.Key, kv.Value)).ToList(),
            TensorPrecision.Float16);
        using var loaded = ModelFile.Load(path);

        // Then every variance comes back finite and exact (that tensor stayed fp32), so no channel is silenced
        Assert.True(loaded.Tensors["stem.norm.running_var"].allclose(variance, 0, 0));
    }

    [Fact]
    public void Should_neutralise_dead_channels_of_trainable_parts_without_changing_inference()
    {
        // Given the ImageNet trunk with two stem channels of infinite running variance (as fp16 files written
        // before fp32 fallback carry them), and its eval output on the sample photo
        using var trunk = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(trunk);
        var variance = trunk.named_buffers().First(b => b.name == "stem.norm.running_var").buffer;
        using (no_grad()) variance.index_put_(float.PositiveInfinity, tensor(new long[] { 3, 42 }));
        trunk.eval();
        using var x = tensor(TrunkInput(128), [1, 3, 128, 128]);
        torch.Tensor Stem()
        {
            using var noGrad = no_grad();
            return trunk.forward(x).Taps[0].clone();
        }
        using var before = Stem();

        // When the stem is frozen nothing changes; when the whole trunk is trainable the dead channels are neutralised
        trunk.Freeze(1);
        Assert.Equal(0, trunk.NeutraliseDeadChannels());
        trunk.Freeze(0);
        int count = trunk.NeutraliseDeadChannels();

        // Then those two have scale 0 and finite statistics, inference is unchanged, and a second call finds nothing
        Assert.Equal(2, count);
        Assert.True(variance.isfinite().all().item<bool>());
        var scale = trunk.named_parameters().First(p => p.name == "stem.norm.weight").parameter;
        Assert.Equal(0f, scale[3].item<float>());
        Assert.Equal(0f, scale[42].item<float>());
        trunk.eval();
        using var after = Stem();
        Assert.True(after.allclose(before, rtol: 1e-5, atol: 1e-5), "neutralising changed the eval output");
        Assert.Equal(0, trunk.NeutraliseDeadChannels());
    }

    [Fact]
    public void Should_restore_overflowed_statistics_only_where_the_conv_is_still_imagenets()
    {
        // Given an fp16-rounded ImageNet trunk whose stem lost two variances to infinity, and whose first
        // stage-1 unit both trained (other conv weights) and lost one
        using var trunk = new ResNetTrunk("trunk");
        OnnxTrunkWeights.Import(trunk);
        using var reference = new ResNetTrunk("reference");
        OnnxTrunkWeights.Import(reference);
        var units = trunk.UnitsInExportOrder().ToList();
        using (no_grad())
        {
            foreach (var unit in units) unit.Conv.weight!.copy_(unit.Conv.weight.to_type(ScalarType.Float16).to_type(ScalarType.Float32));
            units[0].Norm.running_var!.index_put_(float.PositiveInfinity, tensor(new long[] { 42, 52 }));
            units[1].Conv.weight!.mul_(units[1].Conv.weight.sign().neg());
            units[1].Norm.running_var!.index_put_(float.PositiveInfinity, tensor(new long[] { 0 }));
        }

        // When the overflowed statistics are restored
        int restored = OnnxTrunkWeights.RestoreOverflowedStatistics(trunk);

        // Then the stem gets ImageNet's back exactly, and the unit that trained keeps its own
        Assert.Equal(2, restored);
        var stem = reference.UnitsInExportOrder().First();
        Assert.True(units[0].Norm.running_var!.allclose(stem.Norm.running_var!, 0, 0));
        Assert.True(units[0].Norm.running_mean!.allclose(stem.Norm.running_mean!, 0, 0));
        Assert.False(units[1].Norm.running_var!.isfinite().all().item<bool>());
    }

    private static double RelativeError(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs), err = 0;
        for (int i = 0; i < actual.Length; i++) err = Math.Max(err, Math.Abs(actual[i] - expected[i]));
        return err / scale;
    }

    /// <summary>The sample photo, stretched to size², as BGR 0–255 minus the cfg's per-channel mean.</summary>
    private static float[] TrunkInput(int size)
    {
        string sample = Path.Combine(Support.RepoPaths.Root, "samples", "picos-de-europa-gray.jpg");
        var image = ImageResizer.Resize(ImageDecoder.Load(sample), size, size, ResizeFilter.Bilinear);
        var mean = ResNetCfgs.CntkIn1k.Mean;
        int plane = size * size;
        var data = new float[3 * plane];
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
                data[c * plane + p] = image.Pixels[p * 4 + (2 - c)] - mean[c];
        return data;
    }

    /// <summary>Runs the package's graph with its input resized to size² and every tap made an output.</summary>
    private static Dictionary<string, float[]> RunOnnx(float[] input, int size)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TrunkFile));
        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        dims[2].DimValue = size;
        dims[3].DimValue = size;
        foreach (var name in TapOutputs)
            model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        using var session = new InferenceSession(model.ToByteArray());
        var feed = NamedOnnxValue.CreateFromTensor(model.Graph.Input[0].Name, new DenseTensor<float>(input, [1, 3, size, size]));
        using var results = session.Run([feed]);
        return results.ToDictionary(r => r.Name, r => r.AsEnumerable<float>().ToArray());
    }
}
