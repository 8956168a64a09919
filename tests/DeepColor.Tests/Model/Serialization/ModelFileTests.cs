using System.Diagnostics;
using System.Text.Json.Nodes;
using DeepColor.Model.Serialization;
using DeepColor.Native;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Model.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ITestOutputHelper _output;

    public ModelFileTests(ITestOutputHelper output)
    {
        TorchNative.EnsureLoadable();
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    private static ModelFileHeader Header(string architecture = "test-net") => new()
    {
        Architecture = architecture,
        ArchitectureConfig = new JsonObject { ["width"] = 64, ["blocks"] = new JsonArray(1, 2, 3) },
        ExtractorId = "mobilenetv2.onnx_zoo_int8",
        ExtractorSha256 = new string('a', 64),
        TrainingSummary = new JsonObject { ["steps"] = 1200, ["data"] = "tiny-imagenet" },
        CreatedUtc = new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.Zero),
    };

    private static List<(string, Tensor)> SampleTensors()
    {
        var gen = new Generator(seed: 7);
        return
        [
            ("conv.weight", randn([8, 3, 3, 3], generator: gen) * 10),
            ("conv.bias", randn([8], generator: gen)),
            ("scalar", tensor(3.25f)),
            ("bn.num_batches_tracked", tensor(42L)),
            ("empty", zeros([0, 4])),
        ];
    }

    private string SaveSample(string name = "model.dclr", TensorPrecision precision = TensorPrecision.Float32, string architecture = "test-net")
    {
        string path = _dir.File(name);
        ModelFile.Save(path, Header(architecture), SampleTensors(), precision);
        return path;
    }

    [Fact]
    public void Should_round_trip_fp32_tensors_bit_identically()
    {
        // Given tensors saved as fp32
        var tensors = SampleTensors();
        string path = _dir.File("m.dclr");
        ModelFile.Save(path, Header(), tensors);

        // When loaded
        using var loaded = ModelFile.Load(path, "test-net");

        // Then every tensor has the same dtype, shape and bytes
        Assert.Equal(tensors.Select(t => t.Item1), loaded.Tensors.Keys);
        foreach (var (name, original) in tensors)
        {
            var back = loaded.Tensors[name];
            Assert.Equal(original.dtype, back.dtype);
            Assert.Equal(original.shape, back.shape);
            Assert.Equal(original.bytes.ToArray(), back.bytes.ToArray());
        }
    }

    [Fact]
    public void Should_round_trip_the_header()
    {
        string path = SaveSample();

        var header = ModelFile.ReadHeader(path);

        var expected = Header();
        Assert.Equal(ModelFile.CurrentFormatVersion, header.FormatVersion);
        Assert.Equal(expected.Architecture, header.Architecture);
        Assert.Equal(expected.ArchitectureConfig.ToJsonString(), header.ArchitectureConfig.ToJsonString());
        Assert.Equal(expected.ExtractorId, header.ExtractorId);
        Assert.Equal(expected.ExtractorSha256, header.ExtractorSha256);
        Assert.Equal("CIELab", (string?)header.ColorConventions["space"]);
        Assert.Equal("ab/128", (string?)header.ColorConventions["abScale"]);
        Assert.Equal(1200, (int?)header.TrainingSummary["steps"]);
        Assert.Equal(expected.CreatedUtc, header.CreatedUtc);
    }

    [Fact]
    public void Should_store_fp16_and_load_fp32_within_half_precision()
    {
        // Given the same tensors saved at both precisions
        string full = SaveSample("full.dclr");
        string half = SaveSample("half.dclr", TensorPrecision.Float16);

        using var loaded = ModelFile.Load(half);
        var info = ModelFile.Verify(half);

        // Then floats are stored as F16, come back as float32 within fp16 rounding, and int64 is untouched
        Assert.Equal(StoredDType.F16, info.Tensors.Single(t => t.Name == "conv.weight").DType);
        Assert.Equal(StoredDType.I64, info.Tensors.Single(t => t.Name == "bn.num_batches_tracked").DType);
        Assert.True(new FileInfo(half).Length < new FileInfo(full).Length);
        foreach (var (name, original) in SampleTensors())
        {
            var back = loaded.Tensors[name];
            Assert.Equal(original.shape, back.shape);
            if (original.dtype == ScalarType.Int64) { Assert.Equal(42L, back.item<long>()); continue; }
            Assert.Equal(ScalarType.Float32, back.dtype);
            var a = Floats(original);
            var b = Floats(back);
            for (int i = 0; i < a.Length; i++)
                Assert.True(MathF.Abs(a[i] - b[i]) <= MathF.Abs(a[i]) * MathF.Pow(2, -11) + 1e-7f, $"{name}[{i}]: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void Should_keep_a_tensor_beyond_fp16_range_in_fp32_in_an_fp16_file()
    {
        // Given a running variance of 69,418 (the trunk's stem reaches it; fp16 rounds it to infinity), a tensor
        // that is infinite already, and an ordinary one
        string path = _dir.File("range.dclr");
        ModelFile.Save(path, Header(), [("big", tensor(new[] { 69418f, 0.5f })), ("inf", tensor(new[] { float.PositiveInfinity, 2f })),
            ("small", tensor(new[] { 1f, -3f }))], TensorPrecision.Float16);

        // Then only the tensor that would overflow stays fp32, and every value comes back as it was
        var info = ModelFile.Verify(path);
        Assert.Equal(StoredDType.F32, info.Tensors.Single(t => t.Name == "big").DType);
        Assert.Equal(StoredDType.F16, info.Tensors.Single(t => t.Name == "inf").DType);
        Assert.Equal(StoredDType.F16, info.Tensors.Single(t => t.Name == "small").DType);
        using var loaded = ModelFile.Load(path);
        Assert.Equal([69418f, 0.5f], Floats(loaded.Tensors["big"]));
        Assert.Equal([float.PositiveInfinity, 2f], Floats(loaded.Tensors["inf"]));
        Assert.Equal([1f, -3f], Floats(loaded.Tensors["small"]));
    }

    [Fact]
    public void Should_give_bit_identical_outputs_after_LoadInto()
    {
        // Given a trained-looking module saved, and a differently initialised twin
        var source = MakeNet(seed: 1);
        var x = randn([2, 3, 8, 8], generator: new Generator(seed: 3));
        source.train();
        source.forward(x).Dispose(); // moves BatchNorm running stats off their defaults
        source.eval();
        using var expected = source.forward(x);
        string path = _dir.File("net.dclr");
        ModelFile.Save(path, Header(), source.state_dict().Select(kv => (kv.Key, kv.Value)).ToList());
        var target = MakeNet(seed: 2);
        target.eval();
        using (var before = target.forward(x)) Assert.False(before.allclose(expected));

        // When the file is loaded into the twin
        using (var file = ModelFile.Load(path))
            ModelFile.LoadInto(target, file);

        // Then it computes exactly the same outputs
        using var actual = target.forward(x);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }

    [Fact]
    public void Should_list_missing_unexpected_and_mismatched_names_when_the_module_differs()
    {
        string path = _dir.File("net.dclr");
        ModelFile.Save(path, Header(), MakeNet(seed: 1).state_dict().Select(kv => (kv.Key, kv.Value)).ToList());
        var other = nn.Sequential(("0", nn.Conv2d(3, 4, 3)), ("9", nn.Linear(5, 5)));

        using var file = ModelFile.Load(path);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.LoadInto(other, file));

        Assert.Equal(ModelFileFailure.StateMismatch, e.Failure);
        Assert.Contains("net.dclr", e.Message);
        Assert.Contains("missing from file: 9.weight, 9.bias", e.Message);
        Assert.Contains("not in module: 1.weight", e.Message);
        Assert.Contains("shape mismatch: 0.weight (module [4,3,3,3], file [6,3,3,3])", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(200)]
    [InlineData(-1)] // keep only the first 10 bytes
    public void Should_refuse_a_truncated_file_naming_it(int cut)
    {
        string path = SaveSample("cut.dclr");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(cut < 0 ? 10 : bytes.Length - cut)]);

        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));

        Assert.Equal(ModelFileFailure.Truncated, e.Failure);
        Assert.Contains("cut.dclr", e.Message);
    }

    [Fact]
    public void Should_report_corruption_for_a_flipped_byte_in_header_data_or_checksum()
    {
        string path = SaveSample("flip.dclr");
        var original = File.ReadAllBytes(path);
        var info = ModelFile.Verify(path);
        int dataStart = original.Length - 32 - (int)info.Tensors.Sum(t => t.Length);
        foreach (int at in new[] { 30, dataStart + 5, original.Length - 3 })
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x10;
            File.WriteAllBytes(path, bytes);

            var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));

            Assert.Equal(ModelFileFailure.Corrupted, e.Failure);
            Assert.Contains("flip.dclr", e.Message);
        }
    }

    [Fact]
    public void Should_refuse_a_file_with_any_single_flipped_byte()
    {
        // Given a small model file, every single-byte flip must be caught (magic, version, length, JSON, data, checksum)
        string path = _dir.File("every.dclr");
        ModelFile.Save(path, new ModelFileHeader { Architecture = "x" }, [("w", ones(3))]);
        var original = File.ReadAllBytes(path);
        for (int at = 0; at < original.Length; at++)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
            Assert.StartsWith(path, e.Message);
        }
    }

    [Fact]
    public void Should_refuse_a_future_format_version()
    {
        string path = SaveSample("future.dclr");
        RawModelFile.PatchAndReseal(path, 4, [2, 0, 0, 0]);

        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));

        Assert.Equal(ModelFileFailure.UnsupportedVersion, e.Failure);
        Assert.Contains("future.dclr", e.Message);
        Assert.Contains("version 2", e.Message);
        Assert.Throws<ModelFileException>(() => ModelFile.ReadHeader(path));
    }

    [Fact]
    public void Should_refuse_the_wrong_architecture()
    {
        string path = SaveSample("arch.dclr", architecture: "deepcolor-seed");

        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path, expectedArchitecture: "deepcolor-unet"));

        Assert.Equal(ModelFileFailure.WrongArchitecture, e.Failure);
        Assert.Contains("arch.dclr", e.Message);
        Assert.Contains("'deepcolor-seed'", e.Message);
        using var ok = ModelFile.Load(path, expectedArchitecture: "deepcolor-seed");
    }

    [Fact]
    public void Should_refuse_a_file_without_the_magic()
    {
        string path = _dir.File("photo.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', .. new byte[100]]);

        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));

        Assert.Equal(ModelFileFailure.WrongMagic, e.Failure);
        Assert.Contains("photo.png", e.Message);
    }

    [Theory]
    [InlineData("{\"formatVersion\":1,", ModelFileFailure.BadJson)]
    [InlineData("[1,2]", ModelFileFailure.BadJson)]
    [InlineData("{" + RawModelFile.ValidHeaderFields + "}", ModelFileFailure.BadJson)] // no tensor table
    [InlineData("{" + RawModelFile.ValidHeaderFields + ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F64\",\"shape\":[2],\"offset\":0,\"length\":16}]}", ModelFileFailure.BadJson)]
    [InlineData("{" + RawModelFile.ValidHeaderFields + ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F32\",\"shape\":[2],\"offset\":4,\"length\":8}]}", ModelFileFailure.TableInconsistent)] // past the end
    [InlineData("{" + RawModelFile.ValidHeaderFields + ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F32\",\"shape\":[2],\"offset\":0,\"length\":8},{\"name\":\"b\",\"dtype\":\"F32\",\"shape\":[1],\"offset\":4,\"length\":4}]}", ModelFileFailure.TableInconsistent)] // overlap
    [InlineData("{" + RawModelFile.ValidHeaderFields + ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F32\",\"shape\":[3],\"offset\":0,\"length\":8}]}", ModelFileFailure.TableInconsistent)] // length vs shape
    [InlineData("{" + RawModelFile.ValidHeaderFields + ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F32\",\"shape\":[1],\"offset\":0,\"length\":4}]}", ModelFileFailure.TableInconsistent)] // unreferenced bytes
    public void Should_refuse_a_sealed_file_with_a_bad_header_or_table(string json, ModelFileFailure failure)
    {
        // Given a file with a valid checksum but a bad header (8 data bytes)
        string path = _dir.File("table.dclr");
        RawModelFile.Write(path, 1, json, new byte[8]);

        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));

        Assert.Equal(failure, e.Failure);
        Assert.Contains("table.dclr", e.Message);
    }

    [Fact]
    public void Should_accept_a_hand_written_file_in_the_documented_layout()
    {
        // Guards the layout itself: a file built from the spec (not by Save) loads
        string path = _dir.File("spec.dclr");
        var data = BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-2f)).ToArray();
        RawModelFile.Write(path, 1, "{" + RawModelFile.ValidHeaderFields +
            ",\"tensors\":[{\"name\":\"a\",\"dtype\":\"F32\",\"shape\":[2],\"offset\":0,\"length\":8}]}", data);

        using var loaded = ModelFile.Load(path, "test-net");

        Assert.Equal(new[] { 1.5f, -2f }, loaded.Tensors["a"].data<float>().ToArray());
    }

    [Fact]
    public void Should_save_atomically_without_leaving_temp_files()
    {
        string path = SaveSample("atomic.dclr");
        ModelFile.Save(path, Header("second"), [("w", ones(2))]);

        Assert.Equal(["atomic.dclr"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
        Assert.Equal("second", ModelFile.ReadHeader(path).Architecture);
    }

    [Fact]
    public void Should_refuse_unsupported_tensor_dtypes_on_save()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFile.Save(_dir.File("b.dclr"), Header(), [("mask", ones([2], ScalarType.Bool))]));
        Assert.Contains("mask", e.Message);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Should_load_a_6_5M_parameter_file()
    {
        // Measures (does not assert) load time for a file the size of the seed network
        string path = _dir.File("big.dclr");
        var gen = new Generator(seed: 5);
        var tensors = Enumerable.Range(0, 26).Select(i => ($"layer{i}.weight", randn([250_000], generator: gen))).ToList();
        var sw = Stopwatch.StartNew();
        ModelFile.Save(path, Header(), tensors);
        double saveMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        ModelFile.Load(path).Dispose();
        double coldMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        using var loaded = ModelFile.Load(path);
        double warmMs = sw.Elapsed.TotalMilliseconds;

        Assert.Equal(6_500_000, loaded.Tensors.Values.Sum(t => t.numel()));
        _output.WriteLine($"6.5M params fp32, {new FileInfo(path).Length / 1e6:F1} MB: save {saveMs:F0} ms, " +
            $"load+verify first {coldMs:F0} ms, second {warmMs:F0} ms");
    }

    // TensorAccessor.ToArray throws on empty tensors; the raw bytes do not.
    private static float[] Floats(Tensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes).ToArray();

    private static nn.Module<Tensor, Tensor> MakeNet(long seed)
    {
        manual_seed(seed);
        return nn.Sequential(
            ("0", nn.Conv2d(3, 6, 3)),
            ("1", nn.BatchNorm2d(6)),
            ("2", nn.ReLU()),
            ("3", nn.Flatten()),
            ("4", nn.Linear(6 * 6 * 6, 5)));
    }
}
