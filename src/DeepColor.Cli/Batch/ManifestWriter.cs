using System.Text;
using System.Text.Json;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Appends entries to a manifest, each as one whole line in one write, so a kill -9 leaves at worst one cut-off last
/// line. The file is held exclusively: two runs given the same manifest would otherwise interleave.
/// </summary>
internal sealed class ManifestWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    /// <exception cref="IOException">The file cannot be opened, e.g. another run holds it.</exception>
    public ManifestWriter(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        // Unbuffered, so that each Write below is one write(2) of a whole line.
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        if (_stream.Length > 0)
        {
            _stream.Seek(-1, SeekOrigin.End);
            bool cutOff = _stream.ReadByte() != '\n';
            _stream.Seek(0, SeekOrigin.End);
            // End a line cut off by a killed run, so that it stays one unreadable line instead of spoiling the next.
            if (cutOff) _stream.Write("\n"u8);
        }
    }

    public void Append(ManifestEntry entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, ManifestEntry.Json) + "\n");
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush();
        }
    }

    public void Dispose() => _stream.Dispose();
}
