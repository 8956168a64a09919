using System.Text.Json;
using DeepColor.Cli.Bench;
using DeepColor.Cli.Commands;
using DeepColor.Inference;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

public sealed class BenchCommandTests
{
    [Fact]
    public void Should_print_a_table_and_write_json_with_every_measure()
    {
        using var dir = new TempDir();
        var cli = new CliHarness();
        var settings = new BenchSettings { Width = 96, Height = 64, Runs = 2, Warmup = 1, BatchImages = 3, Jobs = 2, LargeMegapixels = 0.2 };

        int code = BenchCommand.Execute(cli.Console, cli.Factory, "default", new ColorizerOptions { RenderSize = 32 }, settings, dir.File("bench.json"), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("model", cli.Output);
        Assert.Contains("images/s", cli.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("bench.json")));
        var root = json.RootElement;
        Assert.Equal("32×24", root.GetProperty("RenderSize").GetString());
        Assert.Equal(6, root.GetProperty("Stages").GetArrayLength());
        Assert.True(root.GetProperty("LatencyMs").GetDouble() > 0);
        Assert.True(root.GetProperty("BatchImagesPerSecond").GetDouble() > 0);
        Assert.Equal(1000L * 32 * 24, root.GetProperty("ModelFlops").GetInt64());
        Assert.True(root.GetProperty("LargePeakRssBytes").GetInt64() > 10_000_000);
        // 1 warm-up + 2 timed + 3 batch + 1 large
        Assert.Equal(7, cli.TotalModelCalls);
    }

    [Fact]
    public void Should_exit_2_for_a_bad_render_size()
    {
        var cli = new CliHarness();
        Assert.Equal(2, cli.Bench("bench", "--render-size", "12"));
        Assert.Empty(cli.Models);
    }
}
