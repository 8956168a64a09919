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
    public static IEnumerable<ImageRecord> Read(string spec, Func<bool> take)
    {
        foreach (var path in Resolve(spec))
        {
            var records = Directory.Exists(path) ? ReadFolder(path, take)
                : path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? ReadTar(path, take)
                : ReadSingle(path, take);
            foreach (var r in records) yield return r;
        }
    }

    /// <summary>How many image entries the specs hold (bytes are not read).</summary>
    public static long Count(IEnumerable<string> specs)
    {
        long n = 0;
        foreach (var spec in specs)
            foreach (var _ in Read(spec, () => { n++; return false; })) { }
        return n;
    }

    private static IEnumerable<ImageRecord> ReadSingle(string path, Func<bool> take)
    {
        if (take()) yield return new ImageRecord(path, null, ReadBytes(path)) { EntryName = Path.GetFileName(path) };
    }

    private static IEnumerable<ImageRecord> ReadFolder(string root, Func<bool> take)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(ImageFileTypes.IsImageName)
            .Order(StringComparer.Ordinal);
        string fullRoot = Path.GetFullPath(root);
        foreach (var file in files)
        {
            if (!take()) continue;
            string relative = Path.GetRelativePath(fullRoot, Path.GetFullPath(file)).Replace('\\', '/');
            yield return new ImageRecord(file, LabelOf(relative), ReadBytes(file)) { EntryName = relative };
        }
    }

    private static IEnumerable<ImageRecord> ReadTar(string path, Func<bool> take)
    {
        using var stream = File.OpenRead(path);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            if (!ImageFileTypes.IsImageName(entry.Name)) continue;
            if (!take()) continue;
            var bytes = new byte[entry.Length];
            if (entry.DataStream is { } data) data.ReadExactly(bytes);
            yield return new ImageRecord(path + ":" + entry.Name, LabelOf(entry.Name), bytes) { EntryName = entry.Name };
        }
    }

    /// <summary>
    /// An unreadable file becomes an empty record rather than an exception, so one bad file is reported
    /// by the decoder with its name and never stops the enumeration of the rest.
    /// </summary>
    private static byte[] ReadBytes(string file)
    {
        try { return File.ReadAllBytes(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
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
