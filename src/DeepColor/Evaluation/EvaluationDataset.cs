using System.Collections;
using System.Formats.Tar;
using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// The ground-truth images of an evaluation: every image file under a folder (recursive, sorted by
/// relative path) or every image entry of an uncompressed .tar (archive order, read in place).
/// Images decode lazily during enumeration, so a thousand photos never sit in memory at once;
/// entries that fail to decode are skipped and listed in <see cref="Skipped"/>.
/// </summary>
public sealed class EvaluationDataset : IEnumerable<EvaluationImage>
{
    /// <summary>File extensions taken as images (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];

    private readonly List<string> _entries;
    private readonly HashSet<string>? _chosen;
    private readonly bool _isTar;
    private readonly ImageLoadOptions _loadOptions;
    private readonly List<SkippedImage> _skipped = [];

    private EvaluationDataset(string source, List<string> entries, bool isTar, int? limit, ImageLoadOptions loadOptions)
    {
        Source = source;
        // A limit takes evenly spaced entries, not the first ones: sets are often sorted by class.
        if (limit is int n && n < entries.Count)
        {
            var take = new Data.EvenSubset(n, entries.Count);
            entries = entries.Where(_ => take.Next()).ToList();
        }
        _entries = entries;
        _chosen = isTar ? new HashSet<string>(entries, StringComparer.Ordinal) : null;
        _isTar = isTar;
        Limit = limit;
        _loadOptions = loadOptions;
    }

    /// <summary>The folder or archive path given to <see cref="Open"/>.</summary>
    public string Source { get; }

    /// <summary>
    /// At most this many images are yielded, evenly spaced over the set, or all when null. Entries that
    /// fail to decode are not replaced, so fewer may come back.
    /// </summary>
    public int? Limit { get; }

    /// <summary>Image entries to be read (after the limit's even spread, before decoding), for progress totals.</summary>
    public int EntryCount => _entries.Count;

    /// <summary>How many images enumeration is expected to yield: the entry count, capped by <see cref="Limit"/>.</summary>
    public int ExpectedCount => Limit is int n ? Math.Min(n, _entries.Count) : _entries.Count;

    /// <summary>Entries that failed to decode in the last enumeration.</summary>
    public IReadOnlyList<SkippedImage> Skipped => _skipped;

    /// <summary>Lists the images of a folder or .tar file. Throws <see cref="FileNotFoundException"/> naming the path when neither exists.</summary>
    public static EvaluationDataset Open(string path, int? limit = null, ImageLoadOptions? loadOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (limit is <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        loadOptions ??= ImageLoadOptions.Default;
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(IsImageName)
                .Select(f => Path.GetRelativePath(path, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
            return new EvaluationDataset(path, files, isTar: false, limit, loadOptions);
        }
        if (File.Exists(path))
        {
            var names = new List<string>();
            using (var stream = File.OpenRead(path))
            using (var reader = new TarReader(stream))
            {
                // A seekable stream lets the reader skip entry data, so listing is cheap.
                while (reader.GetNextEntry() is { } entry)
                    if (IsImageEntry(entry)) names.Add(entry.Name);
            }
            return new EvaluationDataset(path, names, isTar: true, limit, loadOptions);
        }
        throw new FileNotFoundException($"{path}: no such folder or .tar file", path);
    }

    public IEnumerator<EvaluationImage> GetEnumerator()
    {
        _skipped.Clear();
        return _isTar ? EnumerateTar() : EnumerateFolder();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsImageName(string name) =>
        ImageExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    private static bool IsImageEntry(TarEntry entry) =>
        entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && IsImageName(entry.Name);

    private IEnumerator<EvaluationImage> EnumerateFolder()
    {
        int yielded = 0;
        foreach (var name in _entries)
        {
            if (Limit is int n && yielded >= n) yield break;
            var image = TryDecode(name, () => File.ReadAllBytes(Path.Combine(Source, name)));
            if (image is null) continue;
            yielded++;
            yield return new EvaluationImage(name, image);
        }
    }

    private IEnumerator<EvaluationImage> EnumerateTar()
    {
        int yielded = 0;
        using var stream = File.OpenRead(Source);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (Limit is int n && yielded >= n) yield break;
            if (!IsImageEntry(entry) || !_chosen!.Contains(entry.Name)) continue;
            var image = TryDecode(entry.Name, () => ReadAll(entry));
            if (image is null) continue;
            yielded++;
            yield return new EvaluationImage(entry.Name, image);
        }
    }

    private RgbaImage? TryDecode(string name, Func<byte[]> read)
    {
        try
        {
            return ImageDecoder.Decode(read(), name, _loadOptions);
        }
        catch (ImageLoadException e)
        {
            _skipped.Add(new SkippedImage(name, e.Reason));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _skipped.Add(new SkippedImage(name, e.Message));
        }
        return null;
    }

    private static byte[] ReadAll(TarEntry entry)
    {
        if (entry.DataStream is null) return [];
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, int.MaxValue));
        entry.DataStream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
