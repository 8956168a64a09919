using System.Formats.Tar;
using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>
/// Enumerates encoded images from a source spec: a folder (recursive, ImageFolder-style: the parent
/// folder is the label when images sit in sub-folders), a single file, a POSIX tar file read in place,
/// or a file-name pattern such as <c>train-*.tar</c>.
/// </summary>
public static class ImageSourceReader
{
    /// <summary>Resolves a spec to concrete paths; throws <see cref="FileNotFoundException"/> naming the spec when nothing matches.</summary>
    public static IReadOnlyList<string> Resolve(string spec)
    {
        if (Directory.Exists(spec) || File.Exists(spec)) return [spec];
        string dir = Path.GetDirectoryName(spec) is { Length: > 0 } d ? d : ".";
        string pattern = Path.GetFileName(spec);
        if (pattern.IndexOfAny(['*', '?']) >= 0 && Directory.Exists(dir))
        {
            var matches = Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal).ToList();
            if (matches.Count > 0) return matches;
        }
        throw new FileNotFoundException($"{spec}: no such file, folder or matching files");
    }

    /// <summary>Streams the records of every path the spec resolves to.</summary>
    public static IEnumerable<ImageRecord> Read(string spec) => Read(spec, static () => true);

    /// <summary>
    /// Streams records, asking <paramref name="take"/> once per image entry, in order, whether to read it:
    /// entries it declines are skipped without reading their bytes, so a subset costs little more
    /// than its own size.
    /// </summary>
    public static IEnumerable<ImageRecord> Read(string spec, Func<bool> take) => Locate(spec, take).Select(location => location.Read());

    /// <summary>
    /// Where every image entry of the spec lives, in the order <see cref="Read(string)"/> gives them,
    /// without reading any image bytes (a tar's headers are read; its data is seeked past).
    /// </summary>
    public static IEnumerable<RecordLocation> Locate(string spec) => Locate(spec, static () => true);

    /// <summary><see cref="Locate(string)"/> of the entries <paramref name="take"/> accepts, asked once per image entry in order.</summary>
    public static IEnumerable<RecordLocation> Locate(string spec, Func<bool> take)
    {
        foreach (var path in Resolve(spec))
        {
            var records = Directory.Exists(path) ? LocateInFolder(path, take)
                : path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? LocateInTar(path, take)
                : LocateSingle(path, take);
            foreach (var r in records) yield return r;
        }
    }

    /// <summary>
    /// The locations of all the specs' images in order or, with a <paramref name="limit"/>, of that many
    /// spread evenly: folders and shards are usually sorted by class, and the first n images would
    /// cover only the first few classes.
    /// </summary>
    public static IEnumerable<RecordLocation> Locate(IReadOnlyList<string> specs, int? limit)
    {
        if (limit is not int n) return specs.SelectMany(Locate);
        var take = new EvenSubset(n, Count(specs));
        return specs.SelectMany(spec => Locate(spec, take.Next));
    }

    /// <summary>How many image entries the specs hold (bytes are not read).</summary>
    public static long Count(IEnumerable<string> specs)
    {
        long n = 0;
        foreach (var spec in specs)
            foreach (var _ in Locate(spec, () => { n++; return false; })) { }
        return n;
    }

    private static IEnumerable<RecordLocation> LocateSingle(string path, Func<bool> take)
    {
        if (take()) yield return new RecordLocation(path, Path.GetFileName(path), null);
    }

    private static IEnumerable<RecordLocation> LocateInFolder(string root, Func<bool> take)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(ImageFileTypes.IsImageName)
            .Order(StringComparer.Ordinal);
        string fullRoot = Path.GetFullPath(root);
        foreach (var file in files)
        {
            if (!take()) continue;
            string relative = Path.GetRelativePath(fullRoot, Path.GetFullPath(file)).Replace('\\', '/');
            yield return new RecordLocation(file, relative, LabelOf(relative));
        }
    }

    private static IEnumerable<RecordLocation> LocateInTar(string path, Func<bool> take)
    {
        // A seekable stream lets the reader skip each entry's data instead of reading it.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        using var reader = new TarReader(stream);
        // Thousands of entries share a few labels: one string each keeps a large index small.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            if (!ImageFileTypes.IsImageName(entry.Name)) continue;
            if (!take()) continue;
            string? label = LabelOf(entry.Name);
            if (label is not null) label = labels.TryGetValue(label, out var known) ? known : labels[label] = label;
            // An entry without data has no offset; an empty range reads as an empty (unreadable) record.
            long offset = entry.DataOffset >= 0 ? entry.DataOffset : 0;
            yield return new RecordLocation(path, entry.Name, label, offset, entry.DataOffset >= 0 ? entry.Length : 0);
        }
    }

    /// <summary>
    /// The label is the parent folder, except for Tiny ImageNet's <c>wnid/images/x.JPEG</c> layout
    /// where "images" is a container, and for files at the top level (no label).
    /// </summary>
    internal static string? LabelOf(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return null;
        string parent = parts[^2];
        if (parent.Equals("images", StringComparison.OrdinalIgnoreCase) && parts.Length >= 3) parent = parts[^3];
        return parts.Length == 2 && parts[0] is "train" or "val" or "test" ? null : parent;
    }
}
