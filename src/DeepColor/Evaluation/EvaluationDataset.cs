using System.Collections;
using DeepColor.Data;
using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// The ground-truth images of an evaluation, from any source <see cref="ImageSourceReader"/> reads: a
/// folder (recursive, sorted by relative path), an uncompressed .tar (archive order, read in place) or a
/// pattern such as <c>val-*.tar</c>. Images decode lazily during enumeration, so a thousand photos never
/// sit in memory at once; entries that fail to decode are skipped and listed in <see cref="Skipped"/>.
/// </summary>
public sealed class EvaluationDataset : IEnumerable<EvaluationImage>
{
    private readonly int _entryCount;
    private readonly ImageLoadOptions _loadOptions;
    private readonly List<SkippedImage> _skipped = [];

    private EvaluationDataset(string source, int entryCount, int? limit, ImageLoadOptions loadOptions)
    {
        Source = source;
        _entryCount = entryCount;
        Limit = limit;
        _loadOptions = loadOptions;
    }

    /// <summary>The folder, archive or pattern given to <see cref="Open"/>.</summary>
    public string Source { get; }

    /// <summary>
    /// At most this many images are yielded, evenly spaced over the set, or all when null. Entries that
    /// fail to decode are not replaced, so fewer may come back.
    /// </summary>
    public int? Limit { get; }

    /// <summary>Image entries to be read (after the limit's even spread, before decoding): what enumeration yields if every entry decodes.</summary>
    public int EntryCount => Limit is int n ? Math.Min(n, _entryCount) : _entryCount;

    /// <summary>Entries that failed to decode in the last enumeration.</summary>
    public IReadOnlyList<SkippedImage> Skipped => _skipped;

    /// <summary>Lists the images of a source. Throws <see cref="FileNotFoundException"/> naming the path when nothing is there.</summary>
    public static EvaluationDataset Open(string path, int? limit = null, ImageLoadOptions? loadOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (limit is <= 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive");
        long entries = ImageSourceReader.Count([path]);
        return new EvaluationDataset(path, (int)Math.Min(entries, int.MaxValue), limit, loadOptions ?? ImageLoadOptions.Default);
    }

    public IEnumerator<EvaluationImage> GetEnumerator()
    {
        _skipped.Clear();
        // A limit takes evenly spaced entries, not the first ones: sets are often sorted by class.
        var take = new EvenSubset(EntryCount, _entryCount);
        foreach (var record in ImageSourceReader.Read(Source, take.Next))
        {
            var image = TryDecode(record);
            if (image is not null) yield return new EvaluationImage(record.EntryName, image);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private RgbaImage? TryDecode(ImageRecord record)
    {
        try
        {
            return ImageDecoder.Decode(record.Bytes, record.EntryName, _loadOptions);
        }
        catch (ImageLoadException e)
        {
            _skipped.Add(new SkippedImage(record.EntryName, e.Reason));
            return null;
        }
    }
}
