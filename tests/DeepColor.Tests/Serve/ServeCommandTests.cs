using System.Net;
using System.Net.Sockets;
using DeepColor.Cli.Commands;
using DeepColor.Cli.Serve;
using DeepColor.Inference;
using DeepColor.Tests.Cli;

namespace DeepColor.Tests.Serve;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Should_listen_on_loopback_print_the_URL_serve_and_stop_cleanly_when_cancelled()
    {
        var cli = new CliHarness();
        using var stop = new CancellationTokenSource();

        var run = ServeCommand.ExecuteAsync(cli.Console, cli.Factory, "default", new ColorizerOptions { RenderSize = 16 }, new ServeSettings { Port = 0 }, stop.Token);
        await ServeHarness.WaitUntilAsync(() => cli.Output.Contains("serving on") || run.IsCompleted);
        string url = cli.Output.Split("serving on ")[1].Split(' ')[0];
        using var client = new HttpClient();
        using var health = await client.GetAsync(url + "/api/health");
        stop.Cancel();
        int code = await run;

        Assert.StartsWith("http://127.0.0.1:", url);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, code);
        Assert.Contains("stopped", cli.Output);
        Assert.Single(cli.Models); // loaded once
    }

    [Fact]
    public async Task Should_say_why_when_the_port_is_taken()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var cli = new CliHarness();

        int code = await ServeCommand.ExecuteAsync(cli.Console, cli.Factory, "default", new ColorizerOptions(), new ServeSettings { Port = port }, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", cli.Output);
    }

    [Theory]
    [InlineData("example.com", 5099, 16, "--host must be an IP address or 'localhost'")]
    [InlineData("127.0.0.1", 70000, 16, "--port must be between 0 and 65535")]
    [InlineData("127.0.0.1", 5099, 0, "--queue must be at least --jobs")]
    public async Task Should_refuse_bad_settings_before_loading_the_model(string host, int port, int queue, string expected)
    {
        var cli = new CliHarness();

        int code = await ServeCommand.ExecuteAsync(cli.Console, cli.Factory, "default", new ColorizerOptions(), new ServeSettings { Host = host, Port = port, QueueLimit = queue }, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains(expected, cli.Output);
        Assert.Empty(cli.Models);
    }
}
