using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DeepColor.Cli.Serve;

/// <summary>
/// Reads the image of a <c>POST /api/colorize</c>: the form field <c>image</c> of a multipart body, or a raw body
/// sent as <c>image/*</c>. It never reads more than the upload limit, whatever the client claims.
/// </summary>
internal static class UploadReader
{
    public const string FieldName = "image";

    /// <summary>Room for the multipart boundaries and part headers around the image.</summary>
    public const long FormOverhead = 64 * 1024;

    public static async Task<(byte[]? Bytes, ApiProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ContentType) || !MediaTypeHeaderValue.TryParse(request.ContentType, out var media))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "No content type", $"send multipart/form-data with a field named '{FieldName}', or the image itself with an image/* Content-Type");
        string type = media.MediaType.Value ?? "";
        try
        {
            if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                return await ReadFormAsync(request, media, maxBytes, cancellationToken);
            if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                if (request.ContentLength > maxBytes) return TooLarge(maxBytes);
                var bytes = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
                return bytes is null ? TooLarge(maxBytes) : (bytes, null);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes); // Kestrel's own limit on the whole request
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Malformed upload", e.Message);
        }
        return Refuse(StatusCodes.Status415UnsupportedMediaType, "Wrong content type",
            $"Content-Type {type} is not accepted; send multipart/form-data with a field named '{FieldName}', or the image itself as image/*");
    }

    private static async Task<(byte[]?, ApiProblem?)> ReadFormAsync(HttpRequest request, MediaTypeHeaderValue media, long maxBytes, CancellationToken cancellationToken)
    {
        string boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value ?? "";
        if (boundary.Length == 0) return Refuse(StatusCodes.Status400BadRequest, "Malformed upload", "the multipart Content-Type has no boundary");
        if (request.ContentLength > maxBytes + FormOverhead) return TooLarge(maxBytes);

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes + 1 };
        var seen = new List<string>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            string name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? ""
                : "";
            if (!name.Equals(FieldName, StringComparison.Ordinal))
            {
                seen.Add(name.Length == 0 ? "(unnamed)" : name);
                await section.Body.DrainAsync(cancellationToken);
                continue;
            }
            byte[]? bytes;
            try { bytes = await ReadLimitedAsync(section.Body, maxBytes, cancellationToken); }
            catch (InvalidDataException) { bytes = null; } // the reader's own length limit
            return bytes is null ? TooLarge(maxBytes) : (bytes, null);
        }
        return Refuse(StatusCodes.Status400BadRequest, "No image field",
            seen.Count == 0 ? $"the form has no field named '{FieldName}'" : $"the form has no field named '{FieldName}' (it has {string.Join(", ", seen.Select(s => $"'{s}'"))})");
    }

    /// <summary>All of <paramref name="stream"/>, or null as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static (byte[]?, ApiProblem?) TooLarge(long maxBytes) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the upload is larger than the limit of {maxBytes:N0} bytes");

    private static (byte[]?, ApiProblem?) Refuse(int status, string title, string detail) => (null, new ApiProblem(status, title, detail));
}
