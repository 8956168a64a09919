using DeepColor.Imaging;

namespace DeepColor.Cli.Serve;

/// <summary>Where <c>deepcolor serve</c> listens and the limits every request is held to.</summary>
internal sealed record ServeSettings
{
    /// <summary>Loopback unless the user says otherwise: the server has no authentication.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5099;

    /// <summary>Largest accepted upload (the image's bytes).</summary>
    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The decoder's pixel limit, as in <c>colorize</c>; refused from the header, before pixel memory is allocated.</summary>
    public long MaxPixels { get; init; } = ImageLoadOptions.Default.MaxPixels;

    /// <summary>Images decoded and composed at once; the model itself runs one image at a time, as in <c>colorize --jobs</c>.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Requests admitted at once, working or waiting; the next one gets 503 with Retry-After.</summary>
    public int QueueLimit { get; init; } = 16;

    /// <summary>How long one request may wait and work before it is abandoned.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>JPEG quality of JPEG answers.</summary>
    public int Quality { get; init; } = 92;

    /// <summary>A user-facing reason when a setting is out of range, else null.</summary>
    public string? Problem() =>
        Port is < 0 or > 65535 ? $"--port must be between 0 and 65535 (got {Port})"
        : MaxUploadBytes < 1 ? "--max-upload-mb must be positive"
        : Workers is < 1 or > 64 ? $"--jobs must be between 1 and 64 (got {Workers})"
        : QueueLimit < Workers ? $"--queue must be at least --jobs ({Workers}); got {QueueLimit}"
        : RequestTimeout <= TimeSpan.Zero ? "--timeout must be positive"
        : Quality is < 1 or > 100 ? $"--quality must be between 1 and 100 (got {Quality})"
        : null;
}
