using System.Globalization;
using DeepColor.Cli.Batch;
using DeepColor.Imaging;
using DeepColor.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepColor.Cli.Serve;

/// <summary>
/// <c>POST /api/colorize</c>: admits the request to the work queue, reads the upload, runs the shared
/// <see cref="Colorizer"/> and answers with the image encoded as <c>colorize</c> writes it. Every refusal is
/// problem+json with a reason; our own failures are a 500 that says nothing of the inside.
/// </summary>
internal sealed class ColorizeEndpoint(Colorizer colorizer, ServeSettings settings, WorkQueue queue, ServeStats stats, ILogger<ColorizeEndpoint> log)
{
    /// <summary>Seconds a client turned away by a full queue is asked to wait.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ImageLoadOptions _load = new() { MaxPixels = settings.MaxPixels };

    public async Task<IResult> HandleAsync(HttpContext context, string? saturation, string? renderSize, string? format, string? stripMetadata)
    {
        var (request, bad) = ColorizeRequest.Parse(saturation, renderSize, format, stripMetadata);
        if (request is null) return Refuse(bad!);

        using var ticket = queue.TryAdmit();
        if (ticket is null)
        {
            stats.AddBusy();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Busy",
                $"{queue.Capacity} requests are already queued or working; retry after {RetryAfterSeconds} s").ToResult();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(settings.RequestTimeout);
        var token = timeout.Token;
        try
        {
            var (upload, unreadable) = await UploadReader.ReadAsync(context.Request, settings.MaxUploadBytes, token);
            if (upload is null) return Refuse(unreadable!);
            if (upload.Length == 0) return Refuse(new ApiProblem(StatusCodes.Status400BadRequest, "Empty image", "the upload has no bytes"));

            var answer = await ticket.RunAsync(ct => Colorize(upload, request, ct), token);
            stats.AddDone();
            context.Response.Headers["X-Image-Size"] = FormattableString.Invariant($"{answer.Width}x{answer.Height}");
            context.Response.Headers["X-Input-Was-Colour"] = answer.WasAlreadyColour ? "true" : "false";
            return Results.Bytes(answer.Bytes, answer.Format == ImageFormat.Jpeg ? "image/jpeg" : "image/png");
        }
        catch (ImageLoadException e)
        {
            return Refuse(ApiProblem.From(e));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            stats.AddCancelled();
            return Results.Empty; // nobody is listening any more
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            stats.AddTimedOut();
            return new ApiProblem(StatusCodes.Status503ServiceUnavailable, "Timed out",
                $"the image took longer than the limit of {settings.RequestTimeout.TotalSeconds:0.#} s").ToResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever broke, the client gets no stack trace and the server goes on serving.
            stats.AddFailed();
            log.LogError(e, "colorize failed");
            return new ApiProblem(StatusCodes.Status500InternalServerError, "Colorization failed", "the server could not colorize this image; its log says why").ToResult();
        }
    }

    private Answer Colorize(byte[] upload, ColorizeRequest request, CancellationToken cancellationToken)
    {
        var result = colorizer.Colorize(upload, "upload", request.Overrides, _load, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var format = OutputEncoder.FormatFor(request.Format, OutputEncoder.Sniff(upload));
        var bytes = new OutputEncoder(settings.Quality, keepMetadata: !request.StripMetadata).Encode(result.Image, format, upload);
        return new Answer(bytes, format, result.Image.Width, result.Image.Height, result.WasAlreadyColour);
    }

    private IResult Refuse(ApiProblem problem)
    {
        stats.AddRefused();
        return problem.ToResult();
    }

    private sealed record Answer(byte[] Bytes, ImageFormat Format, int Width, int Height, bool WasAlreadyColour);
}
