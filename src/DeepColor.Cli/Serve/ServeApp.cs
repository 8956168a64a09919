using System.Net;
using DeepColor.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace DeepColor.Cli.Serve;

/// <summary>
/// The web app of <c>deepcolor serve</c>: the page at <c>/</c>, the API under <c>/api</c> and its OpenAPI
/// description at <c>/openapi/v1.json</c>, all over one shared <see cref="Colorizer"/>.
/// </summary>
internal static class ServeApp
{
    /// <summary>
    /// Builds the app on Kestrel at <see cref="ServeSettings.Host"/>:<see cref="ServeSettings.Port"/>;
    /// <paramref name="configure"/> lets tests swap the server (an in-memory TestServer). The caller owns <paramref name="colorizer"/>.
    /// </summary>
    public static WebApplication Build(Colorizer colorizer, ServeSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServeApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = settings.MaxUploadBytes + UploadReader.FormOverhead;
            kestrel.AddServerHeader = false;
            Listen(kestrel, settings.Host, settings.Port);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(colorizer);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new WorkQueue(settings.Workers, settings.QueueLimit));
        builder.Services.AddSingleton<ServeStats>();
        builder.Services.AddSingleton<ColorizeEndpoint>();
        builder.Services.AddSingleton(PageAssets.Load());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            // Everything the page needs comes from this server; nothing may be pulled in from elsewhere.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context);
        });
        MapPage(app);
        MapApi(app);
        app.MapOpenApi();
        return app;
    }

    /// <summary>A user-facing reason when <paramref name="host"/> is neither an IP address nor localhost, else null.</summary>
    public static string? HostProblem(string host) =>
        host == "localhost" || IPAddress.TryParse(host, out _) ? null : $"--host must be an IP address or 'localhost' (got '{host}')";

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port)
    {
        if (host == "localhost") kestrel.ListenLocalhost(port);
        else kestrel.Listen(IPAddress.Parse(host), port);
    }

    private static void MapPage(WebApplication app)
    {
        var assets = app.Services.GetRequiredService<PageAssets>();
        app.MapGet("/", () => Asset(assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/assets/{name}", (string name) => Asset(assets, name)).ExcludeFromDescription();
    }

    private static IResult Asset(PageAssets assets, string name) =>
        assets.TryGet(name, out var bytes, out var contentType)
            ? Results.Bytes(bytes, contentType)
            : Results.Problem(detail: $"no page asset named '{name}'", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The request body of <c>POST /api/colorize</c> for the OpenAPI document: a form with the field, or the image itself.</summary>
    private static OpenApiRequestBody UploadBody()
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { [UploadReader.FieldName] = binary },
            Required = new HashSet<string> { UploadReader.FieldName },
        };
        var content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = form } };
        foreach (string type in new[] { "image/jpeg", "image/png", "image/webp", "image/bmp", "image/gif", "image/tiff" })
            content[type] = new OpenApiMediaType { Schema = binary };
        return new OpenApiRequestBody { Required = true, Content = content };
    }

    private static void MapApi(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/colorize", (HttpContext context, ColorizeEndpoint endpoint,
                [FromQuery] string? saturation, [FromQuery] string? renderSize, [FromQuery] string? format, [FromQuery] string? stripMetadata) =>
                endpoint.HandleAsync(context, saturation, renderSize, format, stripMetadata))
            .WithName("Colorize")
            .WithSummary("Colorize one photo")
            .WithDescription("Send a multipart form with the photo in the field 'image', or the photo itself as the body with an image/* Content-Type. " +
                "Query: saturation (above 0, at most 3; 1 = the model's own), renderSize (a multiple of 8, at most 4096; default the model's), " +
                "format (png, jpg or same: JPEG, PNG and WebP keep their format, anything else becomes PNG), stripMetadata (true drops the EXIF). " +
                "The answer has the input's size and orientation and carries its EXIF, made upright, as deepcolor colorize does.")
            // Not .Accepts(): that makes routing refuse other content types with a bare 415, before the handler can say why.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = UploadBody();
                return Task.CompletedTask;
            })
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg"])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();

        api.MapGet("/health", (WorkQueue queue, ServeStats stats) => Results.Ok(new
            {
                status = "ok",
                queue = new { admitted = queue.Admitted, capacity = queue.Capacity },
                requests = new { done = stats.Done, refused = stats.Refused, busy = stats.Busy, timedOut = stats.TimedOut, cancelled = stats.Cancelled, failed = stats.Failed },
            }))
            .WithName("Health")
            .WithSummary("200 once the model is loaded (it is loaded before the server listens)");

        api.MapGet("/model", (Colorizer colorizer, ServeSettings settings) => Results.Ok(new
            {
                description = colorizer.ModelDescription,
                // The file's name only: where it lies on the server is nobody's business.
                file = colorizer.ModelPath is null ? null : Path.GetFileName(colorizer.ModelPath),
                renderSize = colorizer.RenderSize,
                chromaUpsampling = colorizer.Options.Upsampling.ToString().ToLowerInvariant(),
                saturation = colorizer.Options.Saturation,
                limits = new
                {
                    maxUploadBytes = settings.MaxUploadBytes,
                    maxPixels = settings.MaxPixels,
                    queue = settings.QueueLimit,
                    workers = settings.Workers,
                    timeoutSeconds = settings.RequestTimeout.TotalSeconds,
                },
            }))
            .WithName("Model")
            .WithSummary("What model is served, its default render size and the server's limits");
    }
}
