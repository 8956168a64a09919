using DeepColor.Model.Extractors;
using DeepColor.Tests.Model.Serialization;
using Xunit.Abstractions;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Model.Extractors;

/// <summary>Runs the real int8 MobileNetV2 from ../shared.</summary>
public sealed class OnnxFeatureExtractorTests : IClassFixture<ImageNetSampleFixture>
{
    private readonly ImageNetSampleFixture _data;
    private readonly ITestOutputHelper _output;

    public OnnxFeatureExtractorTests(ImageNetSampleFixture data, ITestOutputHelper output)
    {
        _data = data;
        _output = output;
    }

    private OnnxFeatureExtractor Extractor => _data.Extractor!;

    private static int ArgMax(float[] v) => Array.IndexOf(v, v.Max());

    [SharedDataFact]
    public void Should_check_the_graph_against_the_cfg()
    {
        Assert.Equal("mobilenetv2.onnx_zoo_int8", Extractor.Name);
        Assert.Equal("input", Extractor.InputName);
        Assert.Equal(1000, Extractor.EmbeddingDim);
        _output.WriteLine($"output '{Extractor.OutputName}', max batch {Extractor.MaxBatch}");
    }

    [SharedDataFact]
    public void Should_mostly_agree_on_top1_between_colour_and_its_gray_version()
    {
        // When classifying each image in colour and as the colorizer's gray
        var colour = Extractor.Embed(_data.Images, grayInput: false);
        var gray = Extractor.Embed(_data.Images);

        // Then the top-1 classes agree far above chance (1/1000)
        int agree = 0, colourRight = 0, grayRight = 0;
        for (int i = 0; i < _data.Images.Count; i++)
        {
            int c = ArgMax(colour[i]), g = ArgMax(gray[i]);
            agree += c == g ? 1 : 0;
            colourRight += c == _data.Labels[i] ? 1 : 0;
            grayRight += g == _data.Labels[i] ? 1 : 0;
            _output.WriteLine($"{_data.Names[i]}: label {_data.Labels[i]}, colour {c}, gray {g}");
        }
        int n = _data.Images.Count;
        _output.WriteLine($"top-1 agreement colour vs gray {agree}/{n}; top-1 accuracy colour {colourRight}/{n}, gray {grayRight}/{n}");
        Assert.Equal(ImageNetSampleFixture.Count, n);
        Assert.True(agree >= 0.3 * n, $"only {agree}/{n} agree");
        Assert.True(colourRight >= 0.3 * n, $"colour accuracy {colourRight}/{n} suggests wrong preprocessing");
    }

    [SharedDataFact]
    public void Should_return_softmax_embeddings()
    {
        var e = Extractor.Embed(_data.Images.Take(2).ToList());

        Assert.All(e, v =>
        {
            Assert.Equal(1000, v.Length);
            Assert.Equal(1.0, v.Sum(x => (double)x), 4);
            Assert.All(v, x => Assert.InRange(x, 0f, 1f));
        });
    }

    [SharedDataFact]
    public void Should_be_deterministic()
    {
        var images = _data.Images.Take(3).ToList();

        var first = Extractor.Embed(images);
        var second = Extractor.Embed(images);

        for (int i = 0; i < images.Count; i++) Assert.Equal(first[i], second[i]);
    }

    [SharedDataFact]
    public void Should_give_the_same_embeddings_in_a_batch_as_one_by_one()
    {
        var images = _data.Images.Skip(4).Take(4).ToList();
        using var batched = new OnnxFeatureExtractor(Extractor.Cfg, Extractor.ModelPath, maxBatch: 4);

        var batch = batched.Embed(images);
        var singles = images.Select(img => Extractor.Embed([img])[0]).ToList();

        _output.WriteLine($"batched extractor runs {batched.MaxBatch} images per session run");
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 1000; k++)
                Assert.True(MathF.Abs(batch[i][k] - singles[i][k]) <= 1e-4f, $"image {i} class {k}: {batch[i][k]} vs {singles[i][k]}");
    }

    [SharedDataFact]
    public void Should_refuse_a_model_whose_SHA256_differs()
    {
        // Given a copy of the model with one byte flipped
        using var dir = new TempDir();
        string copy = dir.File("mobilenetv2-12-int8.onnx");
        var bytes = File.ReadAllBytes(SharedDataLocator.MobileNetV2);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);

        var e = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Create("mobilenetv2", cacheDir: dir.Path));

        Assert.Equal(ExtractorFailure.ChecksumMismatch, e.Failure);
        Assert.Contains(copy, e.Message);
        Assert.Contains(Extractor.Cfg.Sha256!, e.Message);
        Assert.Contains(ExtractorFiles.Sha256Of(copy), e.Message);
    }

    [SharedDataFact]
    public void Should_refuse_a_file_that_is_not_ONNX()
    {
        using var dir = new TempDir();
        string fake = dir.File("fake.onnx");
        File.WriteAllText(fake, "this is not a protobuf");
        var unpinned = Extractor.Cfg with { Sha256 = null };

        var pinned = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Create("mobilenetv2", modelPath: fake));
        var notOnnx = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Create(unpinned, modelPath: fake));

        Assert.Equal(ExtractorFailure.ChecksumMismatch, pinned.Failure);
        Assert.Equal(ExtractorFailure.NotOnnx, notOnnx.Failure);
        Assert.Contains(fake, notOnnx.Message);
        Assert.Contains("not a loadable ONNX model", notOnnx.Message);
    }

    [SharedDataFact]
    public void Should_refuse_a_graph_whose_shapes_do_not_match_the_cfg()
    {
        var unpinned = Extractor.Cfg with { Sha256 = null };

        var size = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Create(unpinned with { Height = 299, Width = 299 }, SharedDataLocator.MobileNetV2));
        var layout = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Create(unpinned with { Layout = TensorLayout.Nhwc }, SharedDataLocator.MobileNetV2));
        var dim = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Create(unpinned with { EmbeddingDim = 1001 }, SharedDataLocator.MobileNetV2));

        Assert.All([size, layout, dim], e =>
        {
            Assert.Equal(ExtractorFailure.ShapeMismatch, e.Failure);
            Assert.Contains("mobilenetv2-12-int8.onnx", e.Message);
        });
        Assert.Contains("299", size.Message);
        Assert.Contains("1001", dim.Message);
    }

    [SharedDataFact]
    public void Should_fall_back_to_the_only_input_when_the_cfg_name_differs()
    {
        var renamed = Extractor.Cfg with { InputName = "input_1", OutputName = "predictions" };

        using var extractor = (OnnxFeatureExtractor)ExtractorRegistry.Create(renamed, SharedDataLocator.MobileNetV2);

        Assert.Equal("input", extractor.InputName);
        Assert.Equal(Extractor.OutputName, extractor.OutputName);
        Assert.Equal(Extractor.Embed([_data.Images[0]])[0], extractor.Embed([_data.Images[0]])[0]);
    }

    [SharedDataFact]
    public void Should_stop_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Extractor.Embed(_data.Images, cts.Token));
    }
}
