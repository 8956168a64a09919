using DeepColor.Inference;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Colorize's side of <c>--manifest</c>: an output counts as done only when the manifest vouches for it (same input
/// bytes, model and settings, output unchanged), so a rerun after a kill -9 redoes the one file whose line was lost,
/// and every finished or failed input gets a line.
/// </summary>
internal sealed class ManifestLedger : IDisposable
{
    private readonly ManifestWriter _writer;
    private readonly Dictionary<string, ManifestEntry> _earlier;
    private readonly string _model;
    private readonly ColorizerOptions _options;
    private readonly int _quality;

    /// <exception cref="IOException">The manifest cannot be read or opened for writing.</exception>
    public ManifestLedger(string path, string model, ColorizerOptions options, int quality)
    {
        _earlier = File.Exists(path) ? ManifestReader.Latest(ManifestReader.Read(path)) : [];
        _writer = new ManifestWriter(path);
        _model = model;
        _options = options;
        _quality = quality;
    }

    private RenderSettings SettingsOf(BatchJob job) => RenderSettings.For(_options, _quality, job.Format);

    public bool IsDone(BatchJob job) =>
        File.Exists(job.Output)
        && _earlier.TryGetValue(job.Input.RelativePath, out var entry)
        && entry.StaleReason(job, _model, SettingsOf(job)) is null;

    public void RecordDone(BatchJob job) => _writer.Append(new ManifestEntry(
        job.Input.RelativePath, FileHash.Sha256(job.Source), job.OutputName, FileHash.Sha256(job.Output), _model, SettingsOf(job), ManifestEntry.Done));

    public void RecordFailed(BatchInput input, BatchJob? job, string reason)
    {
        string? inputHash = null;
        try { inputHash = FileHash.Sha256(input.SourcePath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _writer.Append(new ManifestEntry(
            input.RelativePath, inputHash, job?.OutputName, null, _model, job is null ? null : SettingsOf(job), ManifestEntry.Failed, reason));
    }

    public void Dispose() => _writer.Dispose();
}
