using System.Text.Json;
using DeepColor.Cli.Bench;
using DeepColor.Cli.Commands;
using DeepColor.Cli.Serve;
using DeepColor.Inference;
using DeepColor.Tests.Cli;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Serve;

public sealed class ServeLoadTests
{
    [Fact]
    public async Task Should_send_every_request_through_a_loopback_server_and_report_the_figures()
    {
        using var dir = new TempDir();
        var cli = new CliHarness();
        // A queue of one with three clients: turned-away posts are retried after Retry-After, never lost.
        var settings = new ServeLoadSettings { Clients = 3, Requests = 6, Width = 48, Height = 32, Server = new ServeSettings { Port = 0, Workers = 1, QueueLimit = 1 } };

        int code = await BenchCommand.ExecuteServeLoadAsync(cli.Console, cli.Factory, "default", new ColorizerOptions { RenderSize = 16 }, settings, dir.File("load.json"), CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("latency p95", cli.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("load.json")));
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("Succeeded").GetInt32());
        Assert.Equal(0, root.GetProperty("Failed").GetInt32());
        Assert.True(root.GetProperty("P95Ms").GetDouble() >= root.GetProperty("P50Ms").GetDouble());
        Assert.True(root.GetProperty("PeakRssBytes").GetInt64() > 0);
        Assert.Equal(7, cli.TotalModelCalls); // a warm-up and the six
    }
}
