using System.Collections.Concurrent;
using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>
/// Decodes every image of the given sources into memory, resized so the shorter side is
/// <see cref="StoreSize"/>, skipping unreadable and grayscale files (counted, never fatal).
/// </summary>
public sealed class DatasetLoader
{
    public DatasetLoader(int storeSize, int? limit = null, int workers = 0)
    {
        StoreSize = storeSize;
        Limit = limit;
        Workers = workers > 0 ? workers : Environment.ProcessorCount;
    }

    /// <summary>
    /// Channel spread (levels) below which a pixel counts as gray: gray JPEGs re-saved as RGB carry a
    /// few levels of chroma noise, which is not a colour signal worth learning from.
    /// </summary>
    private const int GrayTolerance = 6;

    /// <summary>Shorter side after loading; crops for training are taken from this.</summary>
    public int StoreSize { get; }

    public int? Limit { get; }
    public int Workers { get; }

    /// <summary>Loads all sources, in a stable order.</summary>
    public (IReadOnlyList<TrainingImage> Images, DatasetLoadReport Report) Load(IEnumerable<string> sources, IProgress<int>? progress = null, CancellationToken ct = default) =>
        Load(ImageSourceReader.Locate(sources.ToList(), Limit), progress, ct);

    /// <summary>Loads the given records (all of them: <see cref="Limit"/> applies to sources only), in their order.</summary>
    public (IReadOnlyList<TrainingImage> Images, DatasetLoadReport Report) Load(IEnumerable<RecordLocation> locations, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var records = locations.Select(location => location.Read());
        var loaded = new ConcurrentBag<(long Order, TrainingImage Image)>();
        var skipped = new SkippedRecords();
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct };
        Parallel.ForEach(records.Select((r, i) => (r, (long)i)), options, item =>
        {
            var (record, order) = item;
            var (image, problem) = Prepare(record, StoreSize);
            if (image is not null) loaded.Add((order, image));
            else skipped.Add(problem, record.Name);
            progress?.Report(Interlocked.Increment(ref done));
        });
        // Parallel decoding finishes in any order; sorting keeps runs reproducible.
        var images = loaded.OrderBy(x => x.Order).Select(x => x.Image).ToList();
        return (images, skipped.Report(images.Count));
    }

    /// <summary>
    /// The one preparation of a record for training, in memory or streamed: decode, drop gray ones,
    /// fit the shorter side to <paramref name="storeSize"/>.
    /// </summary>
    internal static (TrainingImage? Image, RecordProblem Problem) Prepare(ImageRecord record, int storeSize)
    {
        try
        {
            var image = ImageDecoder.Decode(record.Bytes, record.Name);
            if (GrayscaleDetector.IsGrayscale(image, GrayTolerance)) return (null, RecordProblem.Grayscale);
            return (new TrainingImage(record.Name, FitShorterSide(image, storeSize), record.Label), RecordProblem.None);
        }
        catch (ImageLoadException)
        {
            return (null, RecordProblem.Unreadable);
        }
    }

    /// <summary>Scales so the shorter side equals <paramref name="side"/> (down or up), keeping the aspect ratio.</summary>
    internal static RgbaImage FitShorterSide(RgbaImage image, int side)
    {
        int shorter = Math.Min(image.Width, image.Height);
        if (shorter == side) return image;
        double scale = (double)side / shorter;
        int w = Math.Max(side, (int)Math.Round(image.Width * scale)), h = Math.Max(side, (int)Math.Round(image.Height * scale));
        return ImageResizer.Resize(image, w, h, ResizeFilter.Mitchell);
    }
}
