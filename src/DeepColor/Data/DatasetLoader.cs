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
    public (IReadOnlyList<TrainingImage> Images, DatasetLoadReport Report) Load(IEnumerable<string> sources, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var records = sources.SelectMany(ImageSourceReader.Read);
        if (Limit is int n)
        {
            // Evenly spaced rather than the first n: folders and shards are usually sorted by class,
            // and the first n images would cover only the first few classes.
            var specs = sources.ToList();
            var take = new EvenSubset(n, ImageSourceReader.Count(specs));
            records = specs.SelectMany(spec => ImageSourceReader.Read(spec, take.Next));
        }
        var loaded = new ConcurrentBag<(long Order, TrainingImage Image)>();
        var unreadable = new ConcurrentQueue<string>();
        var gray = new ConcurrentQueue<string>();
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct };
        Parallel.ForEach(records.Select((r, i) => (r, (long)i)), options, item =>
        {
            var (record, order) = item;
            try
            {
                var image = ImageDecoder.Decode(record.Bytes, record.Name);
                if (GrayscaleDetector.IsGrayscale(image, GrayTolerance)) gray.Enqueue(record.Name);
                else loaded.Add((order, new TrainingImage(record.Name, FitShorterSide(image, StoreSize), record.Label)));
            }
            catch (ImageLoadException)
            {
                unreadable.Enqueue(record.Name);
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        // Parallel decoding finishes in any order; sorting keeps runs reproducible.
        var images = loaded.OrderBy(x => x.Order).Select(x => x.Image).ToList();
        var report = new DatasetLoadReport(images.Count, unreadable.Count, unreadable.Take(3).ToList(), gray.Count, gray.Take(3).ToList());
        return (images, report);
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
