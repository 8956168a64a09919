using System.Collections.Concurrent;
using System.Diagnostics;
using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>
/// Produces the batches of one epoch on a background thread with a bounded queue, so decoding,
/// augmentation and Lab conversion overlap with the model's step. Batch contents depend only on
/// (seed, epoch, batch index), which makes resumption exact.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly BlockingCollection<ColorBatch> _queue;
    private readonly CancellationTokenSource _cts = new();
    private readonly Thread _producer;
    private readonly Stopwatch _waitClock = new();
    private Exception? _failure;

    /// <param name="images">The dataset, in memory or streamed.</param>
    /// <param name="labels">Label indices (may be empty).</param>
    /// <param name="embeddings">Per-image external embeddings (same order as <paramref name="images"/>), or null.</param>
    /// <param name="size">Square side of each sample.</param>
    /// <param name="batchSize">Images per batch; the last partial batch of an epoch is dropped when <paramref name="dropLast"/>.</param>
    /// <param name="augment">Augmentation; use <see cref="AugmentOptions.None"/> for validation.</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="epoch">Epoch number (selects the shuffle).</param>
    /// <param name="shuffle">Shuffle per epoch (training) or keep order (validation).</param>
    /// <param name="startBatch">First batch to produce (for resuming mid-epoch).</param>
    /// <param name="prefetch">Queue bound.</param>
    /// <param name="workers">Threads used to prepare the samples of one batch.</param>
    /// <param name="dropLast">Drop a final partial batch.</param>
    public BatchLoader(ITrainingSet images, LabelMap labels, float[][]? embeddings, int size, int batchSize,
        AugmentOptions augment, long seed, int epoch, bool shuffle, int startBatch = 0, int prefetch = 4, int workers = 1, bool dropLast = true)
    {
        if (size % 8 != 0) throw new ArgumentException($"training size {size} must be a multiple of 8");
        if (images.Count == 0) throw new ArgumentException("no training images");
        var order = shuffle ? DeterministicRandom.Permutation(images.Count, seed, epoch) : Enumerable.Range(0, images.Count).ToArray();
        BatchCount = dropLast ? images.Count / batchSize : (images.Count + batchSize - 1) / batchSize;
        if (BatchCount == 0) { BatchCount = 1; dropLast = false; }
        _queue = new BlockingCollection<ColorBatch>(Math.Max(1, prefetch));
        _producer = new Thread(() => Produce(images, labels, embeddings, order, size, batchSize, augment, seed, epoch, startBatch, workers))
        {
            IsBackground = true,
            Name = "deepcolor-batches",
        };
        _producer.Start();
    }

    /// <summary>A loader over images held in memory; see the main constructor.</summary>
    public BatchLoader(IReadOnlyList<TrainingImage> images, LabelMap labels, float[][]? embeddings, int size, int batchSize,
        AugmentOptions augment, long seed, int epoch, bool shuffle, int startBatch = 0, int prefetch = 4, int workers = 1, bool dropLast = true)
        : this(new InMemoryTrainingSet(images), labels, embeddings, size, batchSize, augment, seed, epoch, shuffle, startBatch, prefetch, workers, dropLast)
    {
    }

    /// <summary>Batches in this epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Total time the consumer spent waiting for data.</summary>
    public TimeSpan WaitTime => _waitClock.Elapsed;

    /// <summary>Yields batches in order; rethrows a producer failure.</summary>
    public IEnumerable<ColorBatch> Batches()
    {
        while (true)
        {
            _waitClock.Start();
            bool got;
            ColorBatch? batch;
            try { got = _queue.TryTake(out batch, Timeout.Infinite, _cts.Token); }
            catch (OperationCanceledException) { got = false; batch = null; }
            finally { _waitClock.Stop(); }
            if (!got || batch is null)
            {
                // Bad data (a streamed source with no usable image) stays a data error, which the CLI reports in one line.
                if (_failure is InvalidDataException bad) throw new InvalidDataException(bad.Message, bad);
                if (_failure is not null) throw new InvalidOperationException("batch preparation failed: " + _failure.Message, _failure);
                yield break;
            }
            yield return batch;
        }
    }

    private void Produce(ITrainingSet images, LabelMap labels, float[][]? embeddings, int[] order, int size, int batchSize,
        AugmentOptions augment, long seed, int epoch, int startBatch, int workers)
    {
        try
        {
            for (int b = startBatch; b < BatchCount && !_cts.IsCancellationRequested; b++)
            {
                int start = b * batchSize, count = Math.Min(batchSize, order.Length - start);
                int plane = size * size;
                var l = new float[count * plane];
                var ab = new float[count * 2 * plane];
                var lab = new long[count];
                var names = new string[count];
                int dim = embeddings?[0].Length ?? 0;
                var emb = embeddings is null ? null : new float[count * dim];
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, i =>
                {
                    var (index, item) = images.Fetch(order, start + i);
                    var rng = new DeterministicRandom(seed, epoch, start + i);
                    var view = Augmenter.Render(item.Image, size, augment, ref rng);
                    WriteLab(view, l.AsSpan(i * plane, plane), ab.AsSpan(i * 2 * plane, plane), ab.AsSpan(i * 2 * plane + plane, plane));
                    lab[i] = labels.IndexOf(item.Label);
                    names[i] = item.Name;
                    if (emb is not null) embeddings![index].CopyTo(emb, i * dim);
                });
                _queue.Add(new ColorBatch(b, count, size, l, ab, lab, emb, names), _cts.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (AggregateException e) { _failure = e.Flatten().InnerExceptions[0]; }
        catch (Exception e) { _failure = e; }
        finally { _queue.CompleteAdding(); }
    }

    /// <summary>RGB → normalised L and a*b* planes, the one conversion that feeds both input and target.</summary>
    internal static void WriteLab(RgbaImage view, Span<float> l, Span<float> a, Span<float> b)
    {
        LabConverter.RgbToLab(view.Pixels, 4, l, a, b);
        for (int i = 0; i < l.Length; i++)
        {
            l[i] = LabNormalization.NormalizeL(l[i]);
            a[i] = LabNormalization.NormalizeAb(a[i]);
            b[i] = LabNormalization.NormalizeAb(b[i]);
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _producer.Join();
        _queue.Dispose();
        _cts.Dispose();
    }
}
