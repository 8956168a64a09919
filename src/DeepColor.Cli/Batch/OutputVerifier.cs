using DeepColor.Imaging;
using DeepColor.Inference;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Checks a planned output without running the model: it exists, decodes to the end, has its input's (upright) size
/// and, when manifests are given, one of them vouches that it was made from this input by this model and settings.
/// </summary>
internal sealed class OutputVerifier
{
    public const string Missing = "missing";
    public const string Broken = "broken";
    public const string Stale = "stale";
    public const string Refused = "refused";

    private readonly IReadOnlyDictionary<string, ManifestEntry>? _manifest;
    private readonly string? _model;
    private readonly ColorizerOptions _options;
    private readonly int _quality;

    /// <param name="manifest">The latest entry per input of all manifests given, or null to skip the provenance check.</param>
    public OutputVerifier(IReadOnlyDictionary<string, ManifestEntry>? manifest, string? model, ColorizerOptions options, int quality)
    {
        _manifest = manifest;
        _model = model;
        _options = options;
        _quality = quality;
    }

    /// <summary>Null when the output is complete.</summary>
    public VerifyFinding? Check(BatchJob job)
    {
        if (!File.Exists(job.Output)) return new VerifyFinding(Missing, job.Output, $"from {job.Source}");
        RgbaImage output;
        try { output = ImageDecoder.Load(job.Output); }
        catch (ImageLoadException e) { return new VerifyFinding(Broken, job.Output, e.Reason); }
        RgbaImage input;
        try { input = ImageDecoder.Load(job.Source); }
        catch (ImageLoadException e) { return new VerifyFinding(Broken, job.Output, $"its input {job.Source} cannot be read: {e.Reason}"); }
        if ((output.Width, output.Height) != (input.Width, input.Height))
            return new VerifyFinding(Broken, job.Output, $"{output.Width}×{output.Height}, but its input {job.Source} is {input.Width}×{input.Height}");
        if (_manifest is null) return null;
        if (!_manifest.TryGetValue(job.Input.RelativePath, out var entry))
            return new VerifyFinding(Stale, job.Output, $"no manifest line for its input {job.Input.RelativePath}");
        try
        {
            return entry.StaleReason(job, _model!, RenderSettings.For(_options, _quality, job.Format)) is string reason
                ? new VerifyFinding(Stale, job.Output, reason)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new VerifyFinding(Broken, job.Output, e.Message);
        }
    }
}
