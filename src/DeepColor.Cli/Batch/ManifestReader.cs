using System.Text;
using System.Text.Json;

namespace DeepColor.Cli.Batch;

/// <summary>Reads manifests. A last line without its newline (a writer killed mid-line) and lines that are not entries are passed over.</summary>
internal static class ManifestReader
{
    public static List<ManifestEntry> Read(string path)
    {
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = reader.ReadToEnd();
        var lines = text.Split('\n');
        var entries = new List<ManifestEntry>();
        // The piece after the last newline is either empty or a cut-off line.
        foreach (var line in lines[..^1])
        {
            if (line.Trim().Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<ManifestEntry>(line, ManifestEntry.Json) is { Input: not null, Model: not null, Status: not null } entry)
                    entries.Add(entry);
            }
            catch (JsonException) { }
        }
        return entries;
    }

    /// <summary>The last entry for each input across <paramref name="entries"/>, later ones winning.</summary>
    public static Dictionary<string, ManifestEntry> Latest(IEnumerable<ManifestEntry> entries)
    {
        var latest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var entry in entries) latest[entry.Input] = entry;
        return latest;
    }
}
