using DeepColor.Imaging;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Decides each output path: next to the input with a suffix, or mirrored under an output folder,
/// or a single named output file.
/// </summary>
internal sealed class OutputPlanner
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly string? _outputRoot;
    private readonly bool _outputIsFile;
    private readonly string _suffix;
    private readonly OutputFormatChoice _format;

    /// <summary><c>output</c> is the <c>-o</c> value: a folder, or (for a single input) a file ending in .png/.jpg/.jpeg/.webp.</summary>
    public OutputPlanner(string? output, string suffix, OutputFormatChoice format)
    {
        _outputRoot = output;
        _outputIsFile = output is not null && IsImageFileName(output);
        _suffix = suffix;
        _format = format;
    }

    /// <summary>Whether <c>-o</c> names one output file rather than a folder.</summary>
    public bool OutputIsFile => _outputIsFile;

    public static bool IsImageFileName(string path) => ImageFormatNames.FromPath(path) is not null;

    /// <summary>Whether an enumerated file looks like an earlier output of ours and should not be colorized again.</summary>
    public bool LooksLikeOutput(string path)
    {
        if (_suffix.Length > 0 && Path.GetFileNameWithoutExtension(path).EndsWith(_suffix, StringComparison.Ordinal)) return true;
        if (_outputRoot is null || _outputIsFile) return false;
        string root = Path.GetFullPath(_outputRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>
    /// Names every input's output. Inputs whose plain names meet (photo.png and photo.bmp both giving photo-color.png)
    /// all keep their whole file name instead (photo.png-color.png, photo.bmp-color.png): decided by the group, never
    /// by which file was listed first. Names that still meet, and outputs that would overwrite their input, are rejected.
    /// </summary>
    public (List<BatchJob> Jobs, List<Rejection> Rejected) PlanAll(IReadOnlyList<BatchInput> inputs)
    {
        var plain = inputs.Select(input => Plan(input, keepExtension: false)).ToList();
        var crowded = plain.GroupBy(j => Path.GetFullPath(j.Output), PathComparer).Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet();
        var named = plain.Select(j => crowded.Contains(j) && !_outputIsFile ? Plan(j.Input, keepExtension: true) : j).ToList();
        var byOutput = named.GroupBy(j => Path.GetFullPath(j.Output), PathComparer).ToDictionary(g => g.Key, g => g.ToList(), PathComparer);

        var jobs = new List<BatchJob>();
        var rejected = new List<Rejection>();
        foreach (var job in named)
        {
            string target = Path.GetFullPath(job.Output);
            var sharing = byOutput[target];
            if (PathComparer.Equals(target, Path.GetFullPath(job.Source)))
                rejected.Add(new Rejection(job.Source, "the output would overwrite the input; use --suffix or -o", job.Input));
            else if (sharing.Count > 1)
            {
                var others = sharing.Where(o => o != job).Select(o => o.Source).Order(StringComparer.Ordinal);
                rejected.Add(new Rejection(job.Source, $"same output file as {string.Join(", ", others)} ({job.Output})", job.Input));
            }
            else
                jobs.Add(job);
        }
        return (jobs, rejected);
    }

    private BatchJob Plan(BatchInput input, bool keepExtension)
    {
        if (_outputIsFile)
            return new BatchJob(input, _outputRoot!, Path.GetFileName(_outputRoot!), FormatOfName(_outputRoot!));
        var (format, extension) = Choose(input.SourcePath);
        string stem = keepExtension ? Path.GetFileName(input.SourcePath) : Path.GetFileNameWithoutExtension(input.SourcePath);
        string name = stem + _suffix + extension;
        string folder = _outputRoot is null
            ? Path.GetDirectoryName(input.SourcePath) ?? "."
            : Path.Combine(_outputRoot, input.RelativeDirectory);
        string outputName = Path.Combine(input.RelativeDirectory, name).Replace('\\', '/');
        return new BatchJob(input, Path.Combine(folder, name), outputName, format);
    }

    /// <summary>Checks a single output file's extension against <c>--format</c>; null when they agree.</summary>
    public string? ConflictWithFormat()
    {
        if (!_outputIsFile || _format == OutputFormatChoice.Same) return null;
        var byName = FormatOfName(_outputRoot!);
        var asked = _format == OutputFormatChoice.Png ? ImageFormat.Png : ImageFormat.Jpeg;
        return byName == asked ? null : $"--format {_format.ToString().ToLowerInvariant()} contradicts the output file name {_outputRoot}";
    }

    private (ImageFormat Format, string Extension) Choose(string source)
    {
        string ext = Path.GetExtension(source);
        ImageFormat? input = ImageFormatNames.FromPath(source);
        var format = OutputEncoder.FormatFor(_format, input);
        // An input that keeps its format keeps its own spelling of the extension (.JPEG stays .JPEG).
        return (format, format == input ? ext : format == ImageFormat.Jpeg ? ".jpg" : ".png");
    }

    private static ImageFormat FormatOfName(string path) => ImageFormatNames.FromPath(path) ?? ImageFormat.Jpeg;
}
