using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using DeepColor.Cli.Serve;
using DeepColor.Inference;

namespace DeepColor.Cli.Bench;

/// <summary>What <c>deepcolor bench --serve-load</c> sends: a fixed number of requests from a fixed number of clients, within a time bound.</summary>
internal sealed record ServeLoadSettings
{
    public int Clients { get; init; } = 8;
    public int Requests { get; init; } = 32;
    public int Width { get; init; } = 768;
    public int Height { get; init; } = 512;

    /// <summary>The whole run stops here, whatever is left; unsent requests count as failures.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A request turned away with 503 + Retry-After is sent again at most this often before it counts as failed.</summary>
    public int MaxRetries { get; init; } = 30;

    /// <summary>The server's own settings (port 0 is replaced by a free loopback port).</summary>
    public ServeSettings Server { get; init; } = new() { Port = 0 };
}

/// <summary>The load check's figures. Latency runs from a request's first send to its answer, retries included.</summary>
internal sealed record ServeLoadReport(
    string Model, string ImageSize, int Clients, int Requests, int Succeeded, int Failed, int BusyRetries,
    double P50Ms, double P95Ms, double MaxMs, double Seconds, double RequestsPerSecond, long PeakRssBytes, int QueueLimit, int Workers,
    IReadOnlyList<string> FailureReasons);

/// <summary>
/// Starts <c>serve</c> in this process on a loopback port and has N clients post the same gray photo until the
/// request count is reached or the time bound passes. Peak RSS is this process's, server and clients together.
/// </summary>
internal static class ServeLoad
{
    public static async Task<ServeLoadReport> RunAsync(Colorizer colorizer, ServeLoadSettings settings, Action<string> status, CancellationToken cancellationToken)
    {
        var photo = SyntheticImage.Jpeg(SyntheticImage.Gray(settings.Width, settings.Height));
        var server = settings.Server with { Host = "127.0.0.1" }; // a load check never leaves this machine
        await using var app = ServeApp.Build(colorizer, server);
        await app.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = settings.MaxDuration };
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(settings.MaxDuration);

        status("warm-up request");
        await PostAsync(client, photo, settings, bound.Token);
        ProcessMemory.TryResetPeak();

        status($"{settings.Requests} requests from {settings.Clients} clients on {app.Urls.Single()}");
        var latencies = new List<double>();
        var failures = new List<string>();
        int next = -1, retries = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < settings.Requests)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await PostAsync(client, photo, settings, bound.Token);
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Add(ref retries, outcome.Retries);
                lock (latencies)
                {
                    if (outcome.Failure is null) latencies.Add(ms);
                    else failures.Add(outcome.Failure);
                }
            }
        })));
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = ProcessMemory.PeakBytes();
        await app.StopAsync(CancellationToken.None);

        latencies.Sort();
        int failed = settings.Requests - latencies.Count;
        return new ServeLoadReport(
            colorizer.ModelDescription, $"{settings.Width}×{settings.Height}", settings.Clients, settings.Requests, latencies.Count, failed, retries,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies.Count == 0 ? 0 : latencies[^1],
            seconds, latencies.Count / seconds, peak, server.QueueLimit, server.Workers,
            failures.GroupBy(f => f).Select(g => $"{g.Count()}× {g.Key}").ToList());
    }

    private sealed record Outcome(string? Failure, int Retries);

    private static async Task<Outcome> PostAsync(HttpClient client, byte[] photo, ServeLoadSettings settings, CancellationToken cancellationToken)
    {
        string expected = FormattableString.Invariant($"{settings.Width}x{settings.Height}");
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(photo);
                file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(file, UploadReader.FieldName, "load.jpg");
                using var response = await client.PostAsync("/api/colorize", form, cancellationToken);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is TimeSpan wait && attempt < settings.MaxRetries)
                {
                    await Task.Delay(wait, cancellationToken);
                    continue;
                }
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                if (!response.IsSuccessStatusCode) return new Outcome($"HTTP {(int)response.StatusCode}", attempt);
                string size = response.Headers.TryGetValues("X-Image-Size", out var values) ? values.Single() : "?";
                return size == expected ? new Outcome(null, attempt) : new Outcome($"answered {size}, expected {expected}", attempt);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new Outcome("not answered within the time bound", attempt);
            }
            catch (HttpRequestException e)
            {
                return new Outcome(e.Message, attempt);
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
