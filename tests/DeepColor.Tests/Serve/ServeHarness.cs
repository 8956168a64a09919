using DeepColor.Cli.Serve;
using DeepColor.Inference;
using DeepColor.Tests.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepColor.Tests.Serve;

/// <summary>The serve app in memory (TestServer, no socket) over a fake model; each test gets its own.</summary>
internal sealed class ServeHarness : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeHarness(WebApplication app, Colorizer colorizer, FakeAbPredictor model)
    {
        _app = app;
        Colorizer = colorizer;
        Model = model;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public Colorizer Colorizer { get; }
    public FakeAbPredictor Model { get; }
    public ServeStats Stats => _app.Services.GetRequiredService<ServeStats>();
    public WorkQueue Queue => _app.Services.GetRequiredService<WorkQueue>();

    public static async Task<ServeHarness> StartAsync(ServeSettings? settings = null, FakeAbPredictor? model = null)
    {
        model ??= new FakeAbPredictor();
        var colorizer = FakeAbPredictor.CreateColorizer(model, new ColorizerOptions { RenderSize = 32 });
        var app = ServeApp.Build(colorizer, settings ?? new ServeSettings(), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders(); // the 500 test logs an error on purpose
        });
        await app.StartAsync();
        return new ServeHarness(app, colorizer, model);
    }

    /// <summary>Waits, without a deadline that a slow machine could miss, until the server has counted what the test expects.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!condition()) await Task.Delay(10, giveUp.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Colorizer.Dispose();
    }
}
