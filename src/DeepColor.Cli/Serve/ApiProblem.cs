using DeepColor.Imaging;
using Microsoft.AspNetCore.Http;

namespace DeepColor.Cli.Serve;

/// <summary>A refusal the client can act on: an HTTP status, a short title, and the reason in words.</summary>
internal sealed record ApiProblem(int Status, string Title, string Detail)
{
    public IResult ToResult() => Results.Problem(detail: Detail, statusCode: Status, title: Title);

    /// <summary>The decoder's reason, with the status that says whose fault it is; never the (made-up) file name.</summary>
    public static ApiProblem From(ImageLoadException e) => e.Failure switch
    {
        ImageLoadFailure.Empty => new(StatusCodes.Status400BadRequest, "Empty image", e.Reason),
        ImageLoadFailure.NotAnImage => new(StatusCodes.Status415UnsupportedMediaType, "Not an image", e.Reason),
        ImageLoadFailure.Unsupported => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported image", e.Reason),
        ImageLoadFailure.TooLarge => new(StatusCodes.Status413PayloadTooLarge, "Too many pixels", e.Reason),
        ImageLoadFailure.Truncated => new(StatusCodes.Status422UnprocessableEntity, "Truncated image", e.Reason),
        _ => new(StatusCodes.Status422UnprocessableEntity, "Damaged image", e.Reason),
    };
}
