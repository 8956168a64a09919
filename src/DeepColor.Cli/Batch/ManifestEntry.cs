using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepColor.Cli.Batch;

/// <summary>
/// One line of a <c>--manifest</c> file: an input that was finished ("done") or failed ("failed"). <see cref="Input"/>
/// and <see cref="Output"/> are relative to the input and output roots, so manifests written on different machines,
/// with different mount points, still describe one archive.
/// </summary>
internal sealed record ManifestEntry(
    string Input, string? InputSha256, string? Output, string? OutputSha256, string Model, RenderSettings? Settings, string Status, string? Error = null)
{
    public const string Done = "done";
    public const string Failed = "failed";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Why <paramref name="job"/>'s output on disk is not what this entry vouches for, or null when it is: made from
    /// these input bytes, by this model, with these settings, under this name, and unchanged since. Hashes are
    /// computed only as far as needed.
    /// </summary>
    public string? StaleReason(BatchJob job, string model, RenderSettings settings)
    {
        if (Status != Done) return $"the manifest records it as failed: {Error}";
        if (Output != job.OutputName) return $"the manifest records another output name ({Output})";
        if (Model != model) return "made by another model";
        if (Settings is null || Settings != settings) return $"made with other settings: {Settings?.DifferencesFrom(settings) ?? "none recorded"}";
        if (InputSha256 != FileHash.Sha256(job.Source)) return "the input has changed since";
        if (OutputSha256 != FileHash.Sha256(job.Output)) return "the output has changed since it was made";
        return null;
    }
}
