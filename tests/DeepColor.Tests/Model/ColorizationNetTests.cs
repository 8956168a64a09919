using DeepColor.Model;
using DeepColor.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

public sealed class ColorizationNetTests
{
    [Fact]
    public void Should_have_the_seed_parameter_count_with_a_1000_dim_embedding()
    {
        using var net = ColorizationNet.Create(ColorizerConfig.Seed(embeddingDim: 1000));
        Assert.Equal(6_541_202, net.ParameterCount);
    }

    [Fact]
    public void Should_have_the_koalarization_parameter_count_with_a_1001_dim_embedding()
    {
        using var net = ColorizationNet.Create(ColorizerConfig.Seed(embeddingDim: 1001) with { Decoder = "koalarization" });
        Assert.Equal(6_574_050, net.ParameterCount);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(48, 80)]
    public void Should_predict_ab_at_the_input_size_for_any_multiple_of_8(int h, int w)
    {
        using var net = ColorizationNet.Create(new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 });
        net.eval();
        using var _ = no_grad();
        using var l = rand(2, 1, h, w) * 2 - 1;
        using var ab = net.PredictAb(l, null);
        Assert.Equal(new long[] { 2, 2, h, w }, ab.shape);
        Assert.True(ab.abs().max().item<float>() <= 1f);
    }

    [Fact]
    public void Should_refuse_a_size_that_is_not_a_multiple_of_8()
    {
        using var net = ColorizationNet.Create(new ColorizerConfig { WidthMultiplier = 0.25 });
        using var l = zeros(1, 1, 60, 64);
        var e = Assert.Throws<ArgumentException>(() => net.forward(l, null));
        Assert.Contains("multiple of 8", e.Message);
    }

    [Fact]
    public void Should_require_an_embedding_of_the_configured_width_for_external_extractors()
    {
        using var net = ColorizationNet.Create(ColorizerConfig.Seed("mobilenetv2", 1000) with { WidthMultiplier = 0.25 });
        using var l = zeros(1, 1, 32, 32);
        using var wrong = zeros(1, 10);
        Assert.Throws<ArgumentException>(() => net.forward(l, wrong));
        using var right = zeros(1, 1000);
        using var scope = NewDisposeScope();
        var output = net.forward(l, right);
        Assert.Equal(new long[] { 1, 2, 32, 32 }, output.Ab.shape);
    }

    [Fact]
    public void Should_expose_bins_and_class_heads_when_configured()
    {
        var cfg = new ColorizerConfig { WidthMultiplier = 0.25, NumClasses = 7, AbBins = AbBins.Count, Decode = "bins", GlobalInputSize = 32 };
        using var net = ColorizationNet.Create(cfg);
        using var l = zeros(3, 1, 32, 32);
        var output = net.forward(l, null);
        Assert.Equal(new long[] { 3, AbBins.Count, 16, 16 }, output.AbLogits!.shape);
        Assert.Equal(new long[] { 3, 7 }, output.ClassLogits!.shape);
        Assert.InRange(AbBins.Count, 250, 330);
    }

    [Fact]
    public void Should_blend_the_heads_by_the_bins_share()
    {
        // Given one forward pass, decoded by nets that differ only in how they decode
        var cfg = new ColorizerConfig { WidthMultiplier = 0.25, AbBins = AbBins.Count, GlobalInputSize = 32, AnnealTemperature = 0.6f };
        ColorizationNet Net(string decode, float share) => ColorizationNet.Create(cfg with { Decode = decode, BinsShare = share }, seed: 3);
        using var bins = Net("bins", 0.5f);
        using var regression = Net("regression", 0.5f);
        using var mean = Net("blend", 0.5f);
        using var quarter = Net("blend", 0.25f);
        using var all = Net("blend", 1f);
        using var scope = NewDisposeScope();
        torch.manual_seed(2);
        var output = bins.forward(rand(2, 1, 32, 32) * 2 - 1, null);

        var fromBins = bins.Decode(output);
        var fromRegression = regression.Decode(output);

        // Then a share of 1 is the bins head, 0.5 the mean, 0.25 a quarter of the bins head
        Assert.False(fromBins.allclose(fromRegression, rtol: 0, atol: 1e-4), "the heads should differ, or the blend proves nothing");
        Assert.True(all.Decode(output).allclose(fromBins, rtol: 1e-5, atol: 1e-6));
        Assert.True(mean.Decode(output).allclose((fromBins + fromRegression) / 2, rtol: 1e-5, atol: 1e-6));
        Assert.True(quarter.Decode(output).allclose(fromBins * 0.25 + fromRegression * 0.75, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_compute_narrow_output_convs_like_libtorch_conv2d()
    {
        torch.manual_seed(1);
        using var net = ColorizationNet.Create(new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 });
        using var scope = NewDisposeScope();
        var trunk = rand(2, 4, 16, 20);
        var conv = nn.Conv2d(4, 2, 3, padding: 1);
        var head = new SameConv("head", 4, 2, 3, 1, relu: false);
        using (no_grad())
        {
            head.get_parameter("conv.weight")!.copy_(conv.weight!);
            head.get_parameter("conv.bias")!.copy_(conv.bias!);
        }
        Assert.True(conv.forward(trunk).allclose(head.forward(trunk), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Should_normalise_like_a_BatchNorm2d_in_training_and_in_eval_mode()
    {
        using var scope = NewDisposeScope();
        var input = rand(4, 3, 8, 8) * 3 + 1;
        var conv = nn.Conv2d(3, 16, 3, padding: 1, bias: false);
        var norm = nn.BatchNorm2d(16);
        var block = new SameConv("block", 3, 16, 3, 1, relu: false, batchNorm: true);
        using (no_grad()) block.get_parameter("conv.weight")!.copy_(conv.weight!);

        for (int step = 0; step < 3; step++)
            Assert.True(norm.forward(conv.forward(input)).allclose(block.forward(input), rtol: 1e-4, atol: 1e-5), $"training step {step}");
        Assert.True(norm.running_mean!.allclose(block.get_buffer("norm.running_mean")!, rtol: 1e-5, atol: 1e-6));
        Assert.True(norm.running_var!.allclose(block.get_buffer("norm.running_var")!, rtol: 1e-5, atol: 1e-6));

        norm.eval();
        block.eval();
        Assert.True(norm.forward(conv.forward(input)).allclose(block.forward(input), rtol: 1e-4, atol: 1e-5));
    }

    /// <summary>A small net and a copy with the same weights whose config differs by a change, both in eval mode.</summary>
    private sealed record NetTwins(ColorizationNet Plain, ColorizationNet Changed) : IDisposable
    {
        public void Dispose()
        {
            Plain.Dispose();
            Changed.Dispose();
        }
    }

    // Two nets with the same weights: Plain on the small test config (as baseline changes it), Changed with change on top.
    private static NetTwins Twins(Func<ColorizerConfig, ColorizerConfig> change, Func<ColorizerConfig, ColorizerConfig>? baseline = null)
    {
        var small = new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 };
        var cfg = baseline is null ? small : baseline(small);
        var twins = new NetTwins(ColorizationNet.Create(cfg, seed: 11), ColorizationNet.Create(change(cfg)));
        twins.Changed.load_state_dict(twins.Plain.state_dict());
        twins.Plain.eval();
        twins.Changed.eval();
        return twins;
    }

    [Fact]
    public void Should_scale_decoded_ab_by_the_chroma_gain_and_keep_it_in_range()
    {
        using var twins = Twins(cfg => cfg with { ChromaGain = 2.5f });
        var (plain, boosted) = (twins.Plain, twins.Changed);
        using var noGrad = no_grad();
        using var l = rand(1, 1, 32, 32) * 2 - 1;

        using var a = plain.PredictAb(l, null);
        using var b = boosted.PredictAb(l, null);

        using var expected = (a * 2.5f).clamp(-1, 1);
        Assert.True(b.allclose(expected, rtol: 1e-4, atol: 1e-5));
        Assert.True(b.abs().sum().item<float>() > a.abs().sum().item<float>());
    }

    [Fact]
    public void Should_decode_a_per_call_saturation_exactly_as_a_model_loaded_with_that_gain()
    {
        // The server shares one model between requests that each ask for their own saturation.
        using var twins = Twins(cfg => cfg with { ChromaGain = 1.5f }, baseline: cfg => cfg with { FlipAverage = true, ChromaExponent = 0.5f, ChromaKnee = 5f });
        using var noGrad = no_grad();
        using var l = rand(1, 1, 32, 32) * 2 - 1;

        using var perCall = twins.Plain.PredictAb(l, null, saturation: 1.5f);
        using var loaded = twins.Changed.PredictAb(l, null);
        using var plain = twins.Plain.PredictAb(l, null);

        Assert.True(perCall.allclose(loaded, rtol: 1e-5, atol: 1e-6));
        Assert.False(perCall.allclose(plain, rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Should_apply_the_chroma_curve_to_the_mirror_averaged_prediction()
    {
        using var twins = Twins(cfg => cfg with { ChromaExponent = 0.5f, ChromaKnee = 5f }, baseline: cfg => cfg with { FlipAverage = true });
        using var noGrad = no_grad();
        using var l = rand(1, 1, 32, 32) * 2 - 1;

        using var averaged = twins.Plain.PredictAb(l, null);
        using var curved = twins.Changed.PredictAb(l, null);

        using var expected = ChromaCurve.Expand(averaged, 5f, 0.5f);
        Assert.True(curved.allclose(expected, rtol: 1e-4, atol: 1e-6));
        Assert.False(curved.allclose(averaged, rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Should_apply_the_chroma_spread_after_the_curve()
    {
        using var twins = Twins(cfg => cfg with { ChromaSpread = 0.4f }, baseline: cfg => cfg with { ChromaExponent = 0.5f, ChromaKnee = 5f });
        using var noGrad = no_grad();
        using var l = rand(2, 1, 32, 32) * 2 - 1;

        using var curved = twins.Plain.PredictAb(l, null);
        using var spread = twins.Changed.PredictAb(l, null);

        using var expected = ChromaSpread.Apply(curved, 0.4f);
        Assert.True(spread.allclose(expected, rtol: 1e-4, atol: 1e-6));
        Assert.False(spread.allclose(curved, rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Should_upsample_the_decoded_ab_bilinearly_when_the_config_says_so()
    {
        using var twins = Twins(cfg => cfg with { Upsample = "bilinear" });
        var (nearest, bilinear) = (twins.Plain, twins.Changed);
        using var noGrad = no_grad();
        using var l = rand(1, 1, 32, 32) * 2 - 1;

        using var blocky = nearest.PredictAb(l, null);
        using var smooth = bilinear.PredictAb(l, null);

        // Nearest repeats each half-size value in a 2×2 block; bilinear must interpolate those same values.
        using var half = blocky.index(TensorIndex.Ellipsis, TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2));
        using var expected = nn.functional.interpolate(half, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false);
        Assert.True(smooth.allclose(expected, rtol: 1e-4, atol: 1e-6));
        Assert.False(smooth.allclose(blocky, rtol: 1e-4, atol: 1e-6));
    }

    [Fact]
    public void Should_average_the_prediction_with_that_for_the_mirror_image_when_flip_averaging()
    {
        using var twins = Twins(cfg => cfg with { FlipAverage = true });
        var (plain, averaged) = (twins.Plain, twins.Changed);
        using var noGrad = no_grad();
        // A left-to-right ramp: its mirror image is a different picture.
        using var ramp = linspace(-1, 1, 40).expand(2, 1, 32, 40);
        using var l = ramp + 0.2 * sin(arange(32 * 40).reshape(1, 1, 32, 40) * 0.37f);

        using var direct = plain.PredictAb(l, null);
        using var mirrored = plain.PredictAb(l.flip(3), null);
        using var result = averaged.PredictAb(l, null);
        using var resultOfMirror = averaged.PredictAb(l.flip(3), null);

        using var expected = (direct + mirrored.flip(3)) / 2;
        Assert.True(result.allclose(expected, rtol: 1e-4, atol: 1e-5));
        // The averaged colorizer treats an image and its mirror alike, which the plain one does not.
        Assert.True(resultOfMirror.allclose(result.flip(3), rtol: 1e-4, atol: 1e-5));
        Assert.True((mirrored - direct.flip(3)).abs().max().item<float>() > 1e-3, "the plain net should not be mirror-symmetric");
        Assert.Equal(2 * plain.Flops(32, 40), averaged.Flops(32, 40));
    }

    [Fact]
    public void Should_initialise_the_same_weights_from_the_same_seed_whatever_the_global_generator_does()
    {
        var cfg = new ColorizerConfig { WidthMultiplier = 0.25, GlobalInputSize = 32 };
        using var a = ColorizationNet.Create(cfg, seed: 5);
        using var noise = rand(1000); // advances the process-wide generator in between
        using var b = ColorizationNet.Create(cfg, seed: 5);
        using var c = ColorizationNet.Create(cfg, seed: 6);

        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        var pc = c.named_parameters().ToList();
        Assert.All(pa.Zip(pb), x => Assert.True(x.First.parameter.allclose(x.Second.parameter, 0, 0), x.First.name));
        var (name, first) = pa.First(p => p.name.EndsWith(".weight", StringComparison.Ordinal) && p.parameter.dim() == 4);
        Assert.False(first.allclose(pc.First(p => p.name == name).parameter, 0, 0));
        // Uniform on ±1/√fan-in: standard deviation bound/√3.
        double bound = 1.0 / Math.Sqrt(first.numel() / first.shape[0]);
        Assert.InRange(first.std().item<float>(), 0.5 * bound / Math.Sqrt(3), 1.5 * bound / Math.Sqrt(3));
    }
}
