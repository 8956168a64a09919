using System.CommandLine;
using DeepColor.Cli.Batch;
using DeepColor.Cli.Serve;
using DeepColor.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>deepcolor serve</c>: a local web page and HTTP API for colorizing, over one model loaded once.
/// Loopback unless <c>--host</c> says otherwise; Ctrl-C stops it after the requests in flight.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console) => Create(console, ModelLoading.Load);

    internal static Command Create(IAnsiConsole console, ColorizerFactory factory)
    {
        var defaults = new ServeSettings();
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), localhost, or an IP address such as 0.0.0.0 (every network; the server has no authentication).", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => defaults.Port };
        var model = new Option<string>("--model") { Description = "Model file, 'default' for the shipped model, or 'random' for an untrained network.", DefaultValueFactory = _ => "default" };
        var extractorPath = new Option<string?>("--extractor-path") { Description = "ONNX file of the feature extractor, for models that use one." };
        var renderSize = new Option<int?>("--render-size") { Description = "Default render size (long side), a multiple of 8; requests may ask for another. Default: the size the model was trained at." };
        var maxUpload = new Option<double>("--max-upload-mb") { Description = "Largest accepted upload, in MB.", DefaultValueFactory = _ => defaults.MaxUploadBytes / (1024.0 * 1024.0) };
        var queue = new Option<int>("--queue") { Description = "Requests admitted at once, working or waiting; more get 503 with Retry-After.", DefaultValueFactory = _ => defaults.QueueLimit };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Images decoded and encoded in parallel (the model itself runs one image at a time).", DefaultValueFactory = _ => defaults.Workers };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take, waiting included.", DefaultValueFactory = _ => defaults.RequestTimeout.TotalSeconds };
        var rendering = new RenderQualityOptions();

        var command = new Command("serve", "Serve a web page and an HTTP API that colorize photos.")
        {
            host, port, model, extractorPath, renderSize, maxUpload, queue, jobs, timeout,
        };
        rendering.AddTo(command);
        command.SetAction((parse, cancellationToken) => ExecuteAsync(console, factory,
            parse.GetValue(model) ?? "default",
            rendering.ApplyTo(parse, new ColorizerOptions { RenderSize = parse.GetValue(renderSize), ExtractorPath = parse.GetValue(extractorPath) }),
            defaults with
            {
                Host = parse.GetValue(host) ?? defaults.Host,
                Port = parse.GetValue(port),
                MaxUploadBytes = (long)(parse.GetValue(maxUpload) * 1024 * 1024),
                QueueLimit = parse.GetValue(queue),
                Workers = parse.GetValue(jobs),
                RequestTimeout = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout), 0, 86400)),
            },
            cancellationToken));
        return command;
    }

    internal static async Task<int> ExecuteAsync(IAnsiConsole console, ColorizerFactory factory, string model, ColorizerOptions options, ServeSettings settings, CancellationToken cancellationToken)
    {
        try { options.Validate(); }
        catch (ArgumentException e) { return Usage(console, UsageErrors.MessageOf(e)); }
        if ((settings.Problem() ?? ServeApp.HostProblem(settings.Host)) is string problem) return Usage(console, problem);

        using var colorizer = ModelLoading.TryLoad(factory, model, options, console);
        if (colorizer is null) return ExitCodes.Usage;

        await using var app = ServeApp.Build(colorizer, settings);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            return Usage(console, $"cannot listen on {settings.Host}:{settings.Port}: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        foreach (string url in app.Urls)
            console.MarkupLineInterpolated($"serving on [bold]{url}[/] · {colorizer.ModelDescription} · render {colorizer.RenderSize} · Ctrl-C stops");
        if (settings.Host != "localhost" && !System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(settings.Host)))
            console.MarkupLine("[yellow]warning:[/] this address may be reachable from other machines, and the server has no authentication");

        // Ctrl-C cancels the token; the host then stops taking requests and lets those in flight finish.
        await app.WaitForShutdownAsync(cancellationToken);
        console.MarkupLine("[grey]stopped[/]");
        return ExitCodes.Ok;
    }

    private static int Usage(IAnsiConsole console, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.Usage;
    }
}
