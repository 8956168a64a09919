using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// Scores a colorizer against ground-truth colour images, next to the grey baseline (a* = b* = 0 on
/// the truth's own L*), which every colorizer must beat to be worth running.
/// </summary>
public sealed class Evaluator
{
    private readonly EvaluationOptions _options;
    private readonly IImageClassifier? _classifier;

    /// <param name="options">Protocol and naming.</param>
    /// <param name="classifier">When given, semantic agreement is scored with it.</param>
    public Evaluator(EvaluationOptions? options = null, IImageClassifier? classifier = null)
    {
        _options = options ?? new EvaluationOptions();
        if (_options.Size is <= 0) throw new ArgumentOutOfRangeException(nameof(options), _options.Size, "size must be positive");
        if (_options.ThumbnailHeight <= 0) throw new ArgumentOutOfRangeException(nameof(options), _options.ThumbnailHeight, "thumbnail height must be positive");
        _classifier = classifier;
    }

    /// <summary>Evaluates every image of <paramref name="dataset"/>; its skipped entries go into the report.</summary>
    public EvaluationReport Evaluate(
        EvaluationDataset dataset,
        Func<RgbaImage, CancellationToken, RgbaImage> colorize,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Evaluate(dataset, colorize, dataset.EntryCount, progress, cancellationToken) with { Skipped = dataset.Skipped.ToList() };
    }

    /// <summary>
    /// Evaluates <paramref name="images"/>. <paramref name="colorize"/> receives the (resized)
    /// ground truth and must colorize from its L* alone: it is expected to convert to grey itself,
    /// as the inference API does, so the prediction keeps the truth's exact L*.
    /// </summary>
    /// <param name="images">Ground truths, read once, in order.</param>
    /// <param name="colorize">The model; its output must have the input's size.</param>
    /// <param name="expectedCount">Number of images, for progress; null when unknown (progress then reports only the end).</param>
    /// <param name="progress">Receives the finished fraction, 0–1.</param>
    /// <param name="cancellationToken">Checked between images and passed to <paramref name="colorize"/>.</param>
    public EvaluationReport Evaluate(
        IEnumerable<EvaluationImage> images,
        Func<RgbaImage, CancellationToken, RgbaImage> colorize,
        int? expectedCount,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(colorize);
        var rows = new List<EvaluationRow>();
        progress?.Report(0);
        foreach (var item in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(EvaluateOne(item, colorize, rows.Count < _options.MaxThumbnails, cancellationToken));
            if (expectedCount is > 0) progress?.Report(Math.Min(1.0, rows.Count / (double)expectedCount.Value));
        }
        if (rows.Count == 0) throw new InvalidOperationException("no image could be evaluated");
        progress?.Report(1);

        var truthCf = rows.Select(r => r.TruthColorfulness).ToList();
        var truthConfidence = rows.Select(r => r.TruthSemanticConfidence).ToList();
        return new EvaluationReport(
            EvaluationReport.CurrentSchemaVersion,
            _options.ModelName,
            _options.Dataset,
            _options.SizeLabel,
            (_classifier as OnnxImageClassifier)?.ModelPath ?? _classifier?.GetType().Name,
            DateTimeOffset.UtcNow,
            AggregateMetrics.From(rows.Select(r => r.Model).ToList(), truthCf, truthConfidence),
            AggregateMetrics.From(rows.Select(r => r.Gray).ToList(), truthCf, truthConfidence),
            rows,
            [])
        {
            HueFamilies = rows.Aggregate(HueBreakdown.Empty, (acc, r) => acc + (r.ModelHues ?? HueBreakdown.Empty)).Scores(),
        };
    }

    /// <summary>The grey baseline: the truth's L* with a* = b* = 0, back in sRGB.</summary>
    public static RgbaImage GrayBaseline(RgbaImage truth) => GrayBaseline(LabImage.FromRgba(truth));

    private static RgbaImage GrayBaseline(LabImage truthLab)
    {
        var gray = new LabImage(truthLab.Width, truthLab.Height);
        truthLab.L.CopyTo(gray.L, 0);
        return gray.ToRgba();
    }

    private EvaluationRow EvaluateOne(
        EvaluationImage item,
        Func<RgbaImage, CancellationToken, RgbaImage> colorize,
        bool keepThumbnails,
        CancellationToken cancellationToken)
    {
        var truth = item.Image;
        if (_options.Size is int side && (truth.Width != side || truth.Height != side))
            truth = ImageResizer.Resize(truth, side, side, _options.ResizeFilter);
        var truthLab = LabImage.FromRgba(truth);
        var gray = GrayBaseline(truthLab);
        var prediction = colorize(truth, cancellationToken)
            ?? throw new InvalidOperationException($"{item.Name}: the colorizer returned nothing");
        if (prediction.Width != truth.Width || prediction.Height != truth.Height)
            throw new InvalidOperationException(
                $"{item.Name}: the colorizer returned {prediction.Width}×{prediction.Height} for a {truth.Width}×{truth.Height} input");

        var truthProbabilities = _classifier?.Probabilities(truth);
        int? truthClass = truthProbabilities is null ? null : ClassProbabilities.ArgMax(truthProbabilities);
        var (model, modelHues) = Score(prediction, truth, truthLab, truthClass);
        return new EvaluationRow(
            item.Name,
            truth.Width,
            truth.Height,
            Colorfulness.Compute(truth),
            model,
            Score(gray, truth, truthLab, truthClass).Metrics)
        {
            Thumbnails = keepThumbnails ? new RowThumbnails(Thumbnail(gray), Thumbnail(prediction), Thumbnail(truth)) : null,
            ModelHues = modelHues,
            TruthSemanticConfidence = truthClass is int k ? truthProbabilities![k] : null,
        };
    }

    private (ImageMetrics Metrics, HueBreakdown Hues) Score(RgbaImage prediction, RgbaImage truth, LabImage truthLab, int? truthClass)
    {
        // The prediction's Lab comes from its 8-bit RGB, as a user would see it, not from the raw ab.
        var predLab = LabImage.FromRgba(prediction);
        var hues = HueAccuracy.Breakdown(predLab, truthLab);
        var hue = hues.Total;
        var probabilities = truthClass is null ? null : _classifier!.Probabilities(prediction);
        var metrics = new ImageMetrics(
            Psnr.Compute(prediction, truth),
            Ssim.Compute(prediction, truth),
            Colorfulness.Compute(prediction),
            AbError.MeanAbsolute(predLab, truthLab),
            Ciede2000.Mean(predLab, truthLab),
            hue.Hits,
            hue.ColouredPixels,
            truthClass is int t ? ClassProbabilities.ArgMax(probabilities) == t : null,
            truthClass is int c ? probabilities![c] : null);
        return (metrics, hues);
    }

    private byte[] Thumbnail(RgbaImage image)
    {
        int height = Math.Min(_options.ThumbnailHeight, image.Height);
        int width = Math.Max(1, (int)Math.Round((double)image.Width * height / image.Height));
        var small = width == image.Width && height == image.Height ? image : ImageResizer.Resize(image, width, height, ResizeFilter.Mitchell);
        using var stream = new MemoryStream();
        ImageEncoder.Encode(small, stream, ImageFormat.Jpeg, 85);
        return stream.ToArray();
    }
}
