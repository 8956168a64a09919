using DeepColor.Cli;
using DeepColor.Model;
using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using DeepColor.Native;
using DeepColor.Tests.Support;
using Spectre.Console.Testing;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

public sealed class WeightAveragingTests : IDisposable
{
    private static readonly ColorizerConfig Small = new() { WidthMultiplier = 0.25, GlobalInputSize = 32 };
    private readonly TempDir _dir = new();

    public WeightAveragingTests() => TorchNative.EnsureLoadable();

    public void Dispose() => _dir.Dispose();

    private string Save(string name, ColorizerConfig config, long seed)
    {
        using var net = ColorizationNet.Create(config, seed);
        string path = _dir.File(name);
        ColorizerModelFile.Save(net, path);
        return path;
    }

    [Fact]
    public void Should_give_an_old_fp16_files_overflowed_trunk_statistics_back_before_averaging()
    {
        // Given two U-Nets on the ImageNet trunk, the first with two stem variances rounded to infinity as old fp16 files had them
        string old = SaveUNet("old.dclr", seed: 1, overflowedStemChannels: [42, 52]);
        string fresh = SaveUNet("fresh.dclr", seed: 2, overflowedStemChannels: []);

        // When averaged
        using var soup = (UNetColorizationNet)WeightAveraging.Average([old, fresh]);

        // Then the soup's stem holds ImageNet's statistics, not an infinity that would silence the channels
        using var reference = new ResNetTrunk("reference");
        OnnxTrunkWeights.Import(reference);
        var stem = soup.Trunk.UnitsInExportOrder().First().Norm;
        var imagenet = reference.UnitsInExportOrder().First().Norm;
        Assert.False(soup.Trunk.HasNonFiniteStatistics());
        Assert.True(stem.running_var!.allclose(imagenet.running_var!, rtol: 1e-6, atol: 0));
        Assert.True(stem.running_mean!.allclose(imagenet.running_mean!, rtol: 1e-6, atol: 1e-6));
    }

    private string SaveUNet(string name, long seed, long[] overflowedStemChannels)
    {
        using var net = (UNetColorizationNet)ColorizationNet.Create(ColorizerConfig.UNet(64) with { WidthMultiplier = 0.25 }, seed);
        OnnxTrunkWeights.Import(net.Trunk);
        if (overflowedStemChannels.Length > 0)
        {
            using var noGrad = no_grad();
            net.Trunk.UnitsInExportOrder().First().Norm.running_var!.index_put_(float.PositiveInfinity, tensor(overflowedStemChannels));
        }
        string path = _dir.File(name);
        ColorizerModelFile.Save(net, path);
        return path;
    }

    [Fact]
    public void Should_hold_the_mean_of_every_weight_and_keep_the_first_files_decoding()
    {
        // Given three nets of one architecture with different weights, the second decoding differently
        string a = Save("a.dclr", Small, seed: 1);
        string b = Save("b.dclr", Small with { ChromaGain = 1.3f, FlipAverage = true }, seed: 2);
        string c = Save("c.dclr", Small, seed: 3);

        // When averaged with a gain override
        using var soup = WeightAveraging.Average([a, b, c], new DecodeOverrides(ChromaGain: 1.1f));

        // Then each tensor is the mean of the three and the config is the first's, overridden
        using var na = ColorizerModelFile.Load(a);
        using var nb = ColorizerModelFile.Load(b);
        using var nc = ColorizerModelFile.Load(c);
        var (sa, sb, sc) = (na.state_dict(), nb.state_dict(), nc.state_dict());
        int compared = 0;
        foreach (var (name, value) in soup.state_dict())
        {
            if (!value.is_floating_point()) continue;
            using var expected = (sa[name] + sb[name] + sc[name]) / 3;
            Assert.True(allclose(value, expected, rtol: 1e-5, atol: 1e-6), $"{name} is not the mean");
            compared++;
        }
        Assert.True(compared > 10, $"only {compared} tensors compared");
        var firstWeight = sa.First(kv => kv.Value.is_floating_point() && kv.Value.numel() > 1).Key;
        Assert.False(sa[firstWeight].allclose(sb[firstWeight]), "the ingredients should differ, or the mean proves nothing");
        Assert.Equal(Small with { ChromaGain = 1.1f }, soup.Config);
    }

    [Fact]
    public void Should_refuse_networks_that_differ_beyond_decoding_naming_the_file()
    {
        string a = Save("a.dclr", Small, seed: 1);
        string wide = Save("wide.dclr", Small with { WidthMultiplier = 0.5 }, seed: 2);

        var e = Assert.Throws<InvalidDataException>(() => WeightAveraging.Average([a, wide]));

        Assert.Contains("wide.dclr", e.Message);
        Assert.Contains("cannot be averaged", e.Message);
    }

    [Fact]
    public void Should_average_unet_fine_tunes_trained_at_different_sizes_keeping_the_first_files_sizes()
    {
        var unet = ColorizerConfig.UNet(64) with { WidthMultiplier = 0.125 };
        string at64 = Save("u64.dclr", unet, seed: 1);
        string at96 = Save("u96.dclr", ColorizerConfig.UNet(96) with { WidthMultiplier = 0.125 }, seed: 2);

        using var soup = WeightAveraging.Average([at64, at96]);

        Assert.Equal(unet, soup.Config);
    }

    [Fact]
    public void Should_still_refuse_seed_networks_whose_global_input_size_differs()
    {
        string a = Save("a.dclr", Small, seed: 1);
        string other = Save("g48.dclr", Small with { GlobalInputSize = 48, TrainSize = 48 }, seed: 2);

        var e = Assert.Throws<InvalidDataException>(() => WeightAveraging.Average([a, other]));

        Assert.Contains("g48.dclr", e.Message);
    }

    [Fact]
    public void Should_average_a_model_with_a_fine_tune_that_has_no_class_head_keeping_the_first_files_head()
    {
        // Given a model with a 10-way class head and a fine-tune of the same network without one (trained on unlabelled photos)
        string headed = Save("headed.dclr", Small with { NumClasses = 10 }, seed: 1);
        string plain = Save("plain.dclr", Small, seed: 2);

        // When averaged either way round
        using var withHead = WeightAveraging.Average([headed, plain]);
        using var withoutHead = WeightAveraging.Average([plain, headed]);

        // Then the shared tensors are the mean, the head is the first file's as it was, and the config is the first file's
        using var nh = ColorizerModelFile.Load(headed);
        using var np = ColorizerModelFile.Load(plain);
        var (sh, sp) = (nh.state_dict(), np.state_dict());
        var head = sh.Keys.Where(name => !sp.ContainsKey(name)).ToArray();
        Assert.NotEmpty(head);
        Assert.All(head, name => Assert.StartsWith("global_branch.cls", name));
        int shared = 0;
        foreach (var (name, value) in withHead.state_dict())
        {
            if (!value.is_floating_point()) continue;
            if (head.Contains(name))
            {
                Assert.True(value.equal(sh[name]).all().item<bool>(), $"{name} should be the first file's head");
                continue;
            }
            using var mean = (sh[name] + sp[name]) / 2;
            Assert.True(allclose(value, mean, rtol: 1e-5, atol: 1e-6), $"{name} is not the mean");
            Assert.True(allclose(withoutHead.state_dict()[name], mean, rtol: 1e-5, atol: 1e-6), $"{name} is not the mean the other way round");
            shared++;
        }
        Assert.True(shared > 10, $"only {shared} shared tensors compared");
        Assert.Equal(10, withHead.Config.NumClasses);
        Assert.Equal(0, withoutHead.Config.NumClasses);
        Assert.DoesNotContain(withoutHead.state_dict().Keys, name => name.StartsWith("global_branch.cls", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_weigh_a_file_listed_twice_twice()
    {
        string a = Save("a.dclr", Small, seed: 1);
        string b = Save("b.dclr", Small, seed: 2);

        using var soup = WeightAveraging.Average([a, a, b]);

        using var na = ColorizerModelFile.Load(a);
        using var nb = ColorizerModelFile.Load(b);
        var name = na.state_dict().First(kv => kv.Value.is_floating_point() && kv.Value.numel() > 1).Key;
        using var expected = (na.state_dict()[name] * 2 + nb.state_dict()[name]) / 3;
        Assert.True(allclose(soup.state_dict()[name], expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_say_whose_class_head_the_soup_keeps()
    {
        string headed = Save("headed.dclr", Small with { NumClasses = 10 }, seed: 1);
        string plain = Save("plain.dclr", Small, seed: 2);
        var console = new TestConsole().Width(400);

        Assert.Equal(0, CliApp.Run(["models", "average", plain, headed, "-o", _dir.File("soup.dclr")], console));

        Assert.Contains("class head, used only in training, from plain.dclr", console.Output);
        Assert.Equal(0, ColorizerModelFile.ReadConfig(_dir.File("soup.dclr")).NumClasses);
    }

    [Fact]
    public void Should_write_the_average_from_the_cli_and_fail_in_one_line_for_a_missing_file()
    {
        string a = Save("a.dclr", Small, seed: 1);
        string b = Save("b.dclr", Small, seed: 2);
        string output = _dir.File("soup.dclr");
        var console = new TestConsole().Width(400);

        Assert.Equal(0, CliApp.Run(["models", "average", a, b, "-o", output, "--fp16", "--chroma-gain", "1.2"], console));
        Assert.Equal(1.2f, ColorizerModelFile.ReadConfig(output).ChromaGain);
        Assert.Contains("mean of 2 models", console.Output);

        var failing = new TestConsole().Width(400);
        string missing = _dir.File("missing.dclr");
        Assert.Equal(1, CliApp.Run(["models", "average", a, missing, "-o", _dir.File("never.dclr")], failing));
        Assert.Contains("missing.dclr", failing.Output);
        Assert.DoesNotContain("   at ", failing.Output);
        Assert.False(File.Exists(_dir.File("never.dclr")));
    }
}
