using System.Globalization;
using DeepColor.Cli.Batch;
using DeepColor.Inference;
using Microsoft.AspNetCore.Http;

namespace DeepColor.Cli.Serve;

/// <summary>The query of one <c>POST /api/colorize</c>: what it may change of the served model's settings, and how to answer.</summary>
internal sealed record ColorizeRequest(ColorizeOverrides Overrides, OutputFormatChoice Format, bool StripMetadata)
{
    /// <summary>Parses and checks the query; a bad value is a 400 naming the parameter.</summary>
    public static (ColorizeRequest? Request, ApiProblem? Problem) Parse(string? saturation, string? renderSize, string? format, string? stripMetadata)
    {
        float? sat = null;
        if (!string.IsNullOrEmpty(saturation))
        {
            if (!float.TryParse(saturation, NumberStyles.Float, CultureInfo.InvariantCulture, out float s) || !float.IsFinite(s))
                return Bad($"saturation must be a number (got '{saturation}')");
            sat = s;
        }
        int? size = null;
        if (!string.IsNullOrEmpty(renderSize))
        {
            if (!int.TryParse(renderSize, NumberStyles.Integer, CultureInfo.InvariantCulture, out int r))
                return Bad($"renderSize must be a whole number (got '{renderSize}')");
            size = r;
        }
        var choice = OutputFormatChoice.Same;
        if (!string.IsNullOrEmpty(format) && !Enum.TryParse(format, ignoreCase: true, out choice) || !Enum.IsDefined(choice))
            return Bad($"format must be png, jpg or same (got '{format}')");
        bool strip = false;
        if (!string.IsNullOrEmpty(stripMetadata) && !bool.TryParse(stripMetadata, out strip))
            return Bad($"stripMetadata must be true or false (got '{stripMetadata}')");

        var overrides = new ColorizeOverrides { RenderSize = size, Saturation = sat };
        try { overrides.Validate(); }
        catch (ArgumentException e) { return Bad(UsageErrors.MessageOf(e)); }
        return (new ColorizeRequest(overrides, choice, strip), null);
    }

    private static (ColorizeRequest?, ApiProblem?) Bad(string detail) =>
        (null, new ApiProblem(StatusCodes.Status400BadRequest, "Bad parameter", detail));
}
