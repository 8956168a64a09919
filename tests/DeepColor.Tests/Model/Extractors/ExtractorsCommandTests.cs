using DeepColor.Cli;
using DeepColor.Tests.Model.Serialization;
using Spectre.Console.Testing;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Model.Extractors;

public sealed class ExtractorsCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(220);
        int exit = CliApp.Run(args, console);
        return (exit, console.Output);
    }

    [Fact]
    public void Should_list_every_extractor_with_its_contract_and_cache_status()
    {
        using var empty = new TempDir();

        var (exit, output) = Run("extractors", "list", "--cache-dir", empty.Path);

        Assert.Equal(0, exit);
        Assert.Contains("inception_resnet_v2.keras_in1k", output);
        Assert.Contains("mobilenetv2.onnx_zoo_int8", output);
        Assert.Contains("global.joint", output);
        Assert.Contains("3×299×299", output);
        Assert.Contains("NHWC", output);
        Assert.Contains("256 learned", output);
        Assert.Contains("missing mobilenetv2-12-int8.onnx: Download it from https://github.com/onnx/models", output);
        // With an empty cache only the trunk, which the NuGet package puts beside the tool, is found.
        Assert.Single(output.Split('\n'), line => line.Contains("found", StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), line => line.Contains("NuGet", StringComparison.Ordinal) && line.Contains("found", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_report_a_file_present_in_the_cache()
    {
        using var cache = new TempDir();
        File.WriteAllBytes(cache.File("mobilenetv2-12-int8.onnx"), [0]);

        var (exit, output) = Run("extractors", "list", "mobilenet*", "--cache-dir", cache.Path);

        Assert.Equal(0, exit);
        Assert.Contains("found", output);
        Assert.DoesNotContain("inception", output);
    }

    [Fact]
    public void Should_fail_when_no_extractor_matches()
    {
        var (exit, output) = Run("extractors", "list", "vgg*");

        Assert.Equal(1, exit);
        Assert.Contains("no extractor matches", output);
        Assert.Contains("mobilenetv2.onnx_zoo_int8", output);
    }
}
