using DeepColor.Imaging;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Decides each output path: next to the input with a suffix, or mirrored under an output folder,
/// or a single named output file.
/// </summary>
internal sealed class OutputPlanner
{
    private readonly string? _outputRoot;
    private readonly bool _outputIsFile;
    private readonly string _suffix;
    private readonly OutputFormatChoice _format;

    /// <summary><c>output</c> is the <c>-o</c> value: a folder, or (for a single input) a file ending in .png/.jpg/.jpeg.</summary>
    public OutputPlanner(string? output, string suffix, OutputFormatChoice format)
    {
        _outputRoot = output;
        _outputIsFile = output is not null && IsImageFileName(output);
        _suffix = suffix;
        _format = format;
    }

    /// <summary>Whether <c>-o</c> names one output file rather than a folder.</summary>
    public bool OutputIsFile => _outputIsFile;

    public static bool IsImageFileName(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    /// <summary>Whether an enumerated file looks like an earlier output of ours and should not be colorized again.</summary>
    public bool LooksLikeOutput(string path)
    {
        if (_suffix.Length > 0 && Path.GetFileNameWithoutExtension(path).EndsWith(_suffix, StringComparison.Ordinal)) return true;
        if (_outputRoot is null || _outputIsFile) return false;
        string root = Path.GetFullPath(_outputRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }

    public BatchJob Plan(BatchInput input)
    {
        if (_outputIsFile)
        {
            var format = FormatOfName(_outputRoot!);
            return new BatchJob(input.SourcePath, _outputRoot!, format);
        }
        var (fmt, extension) = Choose(input.SourcePath);
        string name = Path.GetFileNameWithoutExtension(input.SourcePath) + _suffix + extension;
        string folder = _outputRoot is null
            ? Path.GetDirectoryName(input.SourcePath) ?? "."
            : Path.Combine(_outputRoot, input.RelativeDirectory);
        return new BatchJob(input.SourcePath, Path.Combine(folder, name), fmt);
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
        return _format switch
        {
            OutputFormatChoice.Png => (ImageFormat.Png, ".png"),
            OutputFormatChoice.Jpg => (ImageFormat.Jpeg, ".jpg"),
            _ when ext.Equals(".jpg", StringComparison.OrdinalIgnoreCase) || ext.Equals(".jpeg", StringComparison.OrdinalIgnoreCase) => (ImageFormat.Jpeg, ext),
            _ when ext.Equals(".png", StringComparison.OrdinalIgnoreCase) => (ImageFormat.Png, ext),
            _ => (ImageFormat.Png, ".png"),
        };
    }

    private static ImageFormat FormatOfName(string path) =>
        Path.GetExtension(path).ToLowerInvariant() == ".png" ? ImageFormat.Png : ImageFormat.Jpeg;
}
