using DeepColor.Cli;
using DeepColor.Inference;
using DeepColor.Model;
using DeepColor.Model.Networks;
using DeepColor.Tests.Model.Extractors;
using Spectre.Console.Testing;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Inference;

public sealed class NetworkColorizerTests
{
    [Fact]
    public void Should_colorize_with_a_real_untrained_network_keeping_size_and_alpha()
    {
        // Given a small random network and a non-square image with alpha
        var config = new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 };
        using var colorizer = Colorizer.CreateUntrained(config, new ColorizerOptions { RenderSize = 32 });
        var input = TestImages.GrayRamp(70, 30, withAlpha: true);

        // When it is colorized
        var result = colorizer.Colorize(input);

        // Then the output has the input's geometry and alpha, the render kept the aspect, and FLOPs are known
        Assert.Equal((70, 30), (result.Image.Width, result.Image.Height));
        for (int i = 3; i < input.Pixels.Length; i += 4) Assert.Equal(input.Pixels[i], result.Image.Pixels[i]);
        Assert.Equal((32, 16), (result.RenderWidth, result.RenderHeight));
        Assert.True(colorizer.EstimateFlops(70, 30) > 0);
        Assert.Contains("global", colorizer.ModelDescription);
    }

    [Fact]
    public void Should_refuse_an_untrained_model_that_needs_an_external_extractor()
    {
        var config = new ColorizerConfig { Extractor = "mobilenetv2", EmbeddingDim = 1000, WidthMultiplier = 0.25 };
        Assert.Throws<ArgumentException>(() => Colorizer.CreateUntrained(config));
    }

    [Fact]
    public void Should_load_a_saved_model_file_and_predict_exactly_what_the_network_did()
    {
        // Given a small network saved to a model file
        using var dir = new TempDir();
        var options = new ColorizerOptions { RenderSize = 32 };
        var net = ColorizationNet.Create(SmallConfig);
        string path = dir.File("model.dclr");
        ColorizerModelFile.Save(net, path);
        var input = TestImages.GrayRamp(48, 40);
        byte[] expected;
        using (var direct = new Colorizer(new NetworkAbPredictor(net), options)) expected = direct.Colorize(input).Image.Pixels;

        // When the file is loaded through the public API
        using var loaded = Colorizer.Load(path, options);

        // Then it rebuilds the same architecture and weights
        Assert.Equal(expected, loaded.Colorize(input).Image.Pixels);
        Assert.Equal(Path.GetFullPath(path), loaded.ModelPath);
    }

    [Fact]
    public void Should_scale_the_decoded_chroma_by_the_saturation_option()
    {
        using var dir = new TempDir();
        string path = dir.File("model.dclr");
        using (var net = ColorizationNet.Create(SmallConfig with { ChromaGain = 1.1f }, seed: 11)) ColorizerModelFile.Save(net, path);
        var input = TestImages.GrayRamp(48, 40);

        using var plain = Colorizer.Load(path, new ColorizerOptions { RenderSize = 32 });
        using var calm = Colorizer.Load(path, new ColorizerOptions { RenderSize = 32, Saturation = 0.5f });
        using var vivid = Colorizer.Load(path, new ColorizerOptions { RenderSize = 32, Saturation = 2f });

        double Chroma(Colorizer c) => ChromaOf(c.Colorize(input).Image);
        double p = Chroma(plain), lo = Chroma(calm), hi = Chroma(vivid);
        Assert.True(lo < p && p < hi, $"mean chroma calm {lo:F3}, plain {p:F3}, vivid {hi:F3}");
        // Saturation multiplies the file's own gain (1.1) rather than replacing it.
        string doubled = dir.File("gain-2.2.dclr");
        using (var net = ColorizerModelFile.Load(path, new DecodeOverrides(ChromaGain: 2.2f).ApplyTo)) ColorizerModelFile.Save(net, doubled);
        using var fromFile = Colorizer.Load(doubled, new ColorizerOptions { RenderSize = 32 });
        Assert.Equal(fromFile.Colorize(input).Image.Pixels, vivid.Colorize(input).Image.Pixels);
    }

    [Fact]
    public void Should_follow_or_override_the_files_flip_averaging()
    {
        // Given one set of weights saved once with flip averaging and once without
        using var dir = new TempDir();
        string flipped = dir.File("flip.dclr"), single = dir.File("single.dclr");
        using (var net = ColorizationNet.Create(SmallConfig with { FlipAverage = true }, seed: 11)) ColorizerModelFile.Save(net, flipped);
        using (var net = ColorizerModelFile.Load(flipped, new DecodeOverrides(FlipAverage: false).ApplyTo)) ColorizerModelFile.Save(net, single);
        var input = TestImages.GrayRamp(48, 40);
        byte[] Colorize(string path, bool? flip)
        {
            using var colorizer = Colorizer.Load(path, new ColorizerOptions { RenderSize = 32, FlipAverage = flip });
            return colorizer.Colorize(input).Image.Pixels;
        }

        // Then null follows each file, and an explicit choice overrides it
        Assert.NotEqual(Colorize(flipped, null), Colorize(single, null));
        Assert.Equal(Colorize(single, null), Colorize(flipped, false));
        Assert.Equal(Colorize(flipped, null), Colorize(single, true));
    }

    /// <summary>Mean |R−G| + |G−B| over the pixels: zero for gray, larger for more colour.</summary>
    private static double ChromaOf(DeepColor.Imaging.RgbaImage image)
    {
        var px = image.Pixels;
        double sum = 0;
        for (int i = 0; i < px.Length; i += 4) sum += Math.Abs(px[i] - px[i + 1]) + Math.Abs(px[i + 1] - px[i + 2]);
        return sum / (px.Length / 4);
    }

    [SharedDataFact]
    public void Should_feed_the_external_extractor_embedding_to_a_model_that_needs_one()
    {
        using var dir = new TempDir();
        string path = dir.File("mobilenet.dclr");
        using (var net = ColorizationNet.Create(SmallConfig with { Extractor = "mobilenetv2", EmbeddingDim = 1000 }))
            ColorizerModelFile.Save(net, path);

        using var colorizer = Colorizer.Load(path, new ColorizerOptions { RenderSize = 32, ExtractorPath = SharedDataLocator.MobileNetV2 });
        var result = colorizer.Colorize(TestImages.GrayRamp(40, 24));

        Assert.Equal((40, 24), (result.Image.Width, result.Image.Height));
        Assert.Contains("mobilenetv2", colorizer.ModelDescription);
    }

    [Fact]
    public void Should_exit_2_when_the_model_needs_an_extractor_file_that_is_missing()
    {
        using var dir = new TempDir();
        string path = dir.File("needs-extractor.dclr");
        using (var net = ColorizationNet.Create(SmallConfig with { Extractor = "mobilenetv2", EmbeddingDim = 1000 }))
            ColorizerModelFile.Save(net, path);
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a.png"));
        var console = new TestConsole();

        int code = CliApp.Run(["colorize", dir.File("a.png"), "--model", path, "--extractor-path", dir.File("missing.onnx")], console);

        Assert.Equal(2, code);
        Assert.Contains("cannot load model", console.Output);
        Assert.False(File.Exists(dir.File("a-color.png")));
    }

    private static ColorizerConfig SmallConfig => new() { WidthMultiplier = 0.25, GlobalInputSize = 32 };
}
