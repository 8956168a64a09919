using System.Diagnostics;
using System.Runtime.InteropServices;
using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Networks;
using SkiaSharp;

namespace DeepColor.Inference;

/// <summary>
/// Colorizes grayscale photos at full resolution: the network predicts a*b* at a small render size,
/// which is upsampled and combined with the original full-resolution L* (as DeOldify, Zhang et al. and DDColor do).
/// </summary>
/// <remarks>
/// <para>Thread safety: all <c>Colorize</c> methods may be called concurrently. Model calls are
/// serialised by an internal lock (libtorch already uses every core for one image, so running two
/// forward passes at once would only thrash); decoding, resizing and the full-resolution pass run in
/// parallel. So N callers overlap their I/O with one model.</para>
/// <para>Dispose frees the network and the feature extractor; calls after that throw <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class Colorizer : IDisposable
{
    private readonly IAbPredictor _predictor;
    private readonly Lock _modelGate = new();
    private bool _disposed;

    internal Colorizer(IAbPredictor predictor, ColorizerOptions options)
    {
        options.Validate();
        _predictor = predictor;
        Options = options;
    }

    public ColorizerOptions Options { get; }

    /// <summary>The render size in use: the option when set, else the model's training size (256 when unknown).</summary>
    public int RenderSize => Options.RenderSize ?? _predictor.PreferredRenderSize ?? 256;

    /// <summary>What model runs (architecture, extractor, parameters).</summary>
    public string ModelDescription => _predictor.Description;

    /// <summary>Where the model was loaded from; null for models built in memory.</summary>
    public string? ModelPath { get; private init; }

    /// <summary>The file <see cref="Load"/> would read for <paramref name="modelPathOrDefault"/>, without reading it.</summary>
    /// <exception cref="FileNotFoundException">No such model file.</exception>
    public static string LocateModel(string modelPathOrDefault) => ModelLocator.Resolve(modelPathOrDefault);

    /// <summary>
    /// Loads a model file. <paramref name="modelPathOrDefault"/> is a path or "default" (the shipped
    /// <c>models/default.dclr</c>, looked up next to the application, then in its parent folders).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="FileNotFoundException">No such model file.</exception>
    public static Colorizer Load(string modelPathOrDefault, ColorizerOptions? options = null)
    {
        options ??= ColorizerOptions.Default;
        options.Validate();
        string path = ModelLocator.Resolve(modelPathOrDefault);
        var predictor = PredictorFactory.Load(path, options);
        try
        {
            return new Colorizer(predictor, options) { ModelPath = path };
        }
        catch
        {
            predictor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A colorizer with an untrained (randomly initialised) self-contained network, for benchmarks and
    /// smoke tests where no model file exists. <paramref name="config"/> defaults to the standard
    /// architecture with the global feature branch; it must not need an external extractor.
    /// </summary>
    public static Colorizer CreateUntrained(ColorizerConfig? config = null, ColorizerOptions? options = null)
    {
        options ??= ColorizerOptions.Default;
        options.Validate();
        config ??= new ColorizerConfig();
        if (config.NeedsExternalEmbedding)
            throw new ArgumentException($"an untrained colorizer cannot use the external extractor '{config.Extractor}'", nameof(config));
        PredictorFactory.ApplyThreads(options);
        var net = ColorizationNet.Create(options.ApplyTo(config));
        try
        {
            return new Colorizer(new NetworkAbPredictor(net), options);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Decodes (applying EXIF orientation) and colorizes a file; the result has the displayed orientation.</summary>
    /// <exception cref="ImageLoadException">The file is missing, unreadable or not an image.</exception>
    public ColorizeResult Colorize(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var image = ImageDecoder.Load(path);
        return Run(image, inPlace: true, cancellationToken);
    }

    /// <summary>Reads the whole stream and colorizes it; <paramref name="name"/> appears in error messages.</summary>
    public ColorizeResult Colorize(Stream stream, string name = "stream", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Colorize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name, null, null, cancellationToken);
    }

    /// <summary>
    /// Decodes an encoded image (a file's bytes) under <paramref name="loadOptions"/>' pixel limit and colorizes it,
    /// with this call's <paramref name="overrides"/> of render size and saturation; <paramref name="name"/> appears in error messages.
    /// </summary>
    /// <exception cref="ImageLoadException">The bytes are empty, not an image, damaged or over the pixel limit.</exception>
    /// <exception cref="ArgumentException">The overrides are out of range.</exception>
    public ColorizeResult Colorize(ReadOnlySpan<byte> encoded, string name, ColorizeOverrides? overrides, ImageLoadOptions? loadOptions = null, CancellationToken cancellationToken = default)
    {
        overrides?.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var image = ImageDecoder.Decode(encoded, name, loadOptions);
        return Run(image, inPlace: true, cancellationToken, overrides);
    }

    /// <summary>Colorizes a SkiaSharp bitmap of any colour type; the bitmap is not changed.</summary>
    public ColorizeResult Colorize(SKBitmap bitmap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        return Run(ToRgba(bitmap), inPlace: true, cancellationToken);
    }

    /// <summary>Colorizes an image; <paramref name="image"/> is not changed (the result is a new image).</summary>
    public ColorizeResult Colorize(RgbaImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Run(image, inPlace: false, cancellationToken);
    }

    /// <summary>
    /// Colorizes files one after another, lazily: each result is yielded before the next file is read,
    /// so memory stays at one image. Unreadable files yield an item with <see cref="ColorizeBatchItem.Error"/>
    /// instead of stopping the batch; cancellation throws <see cref="OperationCanceledException"/> between files
    /// (or inside one, abandoning it). <paramref name="progress"/> receives the finished fraction 0–1.
    /// </summary>
    public IEnumerable<ColorizeBatchItem> ColorizeMany(IEnumerable<string> paths, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ColorizeBatchItem item;
            try
            {
                item = new ColorizeBatchItem(list[i], Colorize(list[i], cancellationToken), null);
            }
            catch (Exception e) when (e is ImageLoadException or IOException or UnauthorizedAccessException)
            {
                item = new ColorizeBatchItem(list[i], null, e);
            }
            progress?.Report((i + 1.0) / list.Count);
            yield return item;
        }
    }

    /// <summary>
    /// Colorizes images lazily, one at a time. Progress is reported only when the count is known
    /// without enumerating (a collection).
    /// </summary>
    public IEnumerable<ColorizeResult> ColorizeMany(IEnumerable<RgbaImage> images, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        bool counted = images.TryGetNonEnumeratedCount(out int count);
        int done = 0;
        foreach (var image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = Colorize(image, cancellationToken);
            done++;
            if (counted && count > 0) progress?.Report((double)done / count);
            yield return result;
        }
    }

    /// <summary>Floating-point operations of one forward pass for an image of this size, or null when the model cannot tell.</summary>
    public long? EstimateFlops(int imageWidth, int imageHeight)
    {
        var (w, h) = RenderGeometry.For(imageWidth, imageHeight, RenderSize, Options.Sizing);
        lock (_modelGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _predictor.CountFlops(w, h);
        }
    }

    /// <summary>The size the network will see for an image of this size.</summary>
    public (int Width, int Height) RenderSizeFor(int imageWidth, int imageHeight) =>
        RenderGeometry.For(imageWidth, imageHeight, RenderSize, Options.Sizing);

    public void Dispose()
    {
        lock (_modelGate)
        {
            if (_disposed) return;
            _disposed = true;
            _predictor.Dispose();
        }
    }

    private ColorizeResult Run(RgbaImage image, bool inPlace, CancellationToken cancellationToken, ColorizeOverrides? overrides = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var (rw, rh) = RenderGeometry.For(image.Width, image.Height, overrides?.RenderSize ?? RenderSize, Options.Sizing);
        // The loaded network already decodes with Options.Saturation; an override replaces it rather than compounding.
        float saturation = overrides?.Saturation is float wanted ? wanted / Options.Saturation : 1f;
        var small = Downscaler.Resize(image, rw, rh);
        var (lNorm, gray) = RenderInput(small, _predictor.NeedsGrayImage);
        var prepare = clock.Elapsed;

        cancellationToken.ThrowIfCancellationRequested();
        clock.Restart();
        float[] ab;
        lock (_modelGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            ab = _predictor.PredictAb(lNorm, rw, rh, gray, saturation, cancellationToken);
        }
        var model = clock.Elapsed;
        if (ab.Length != 2 * rw * rh)
            throw new InvalidOperationException($"the model returned {ab.Length} values for a {rw}×{rh} render, expected {2 * rw * rh}");

        cancellationToken.ThrowIfCancellationRequested();
        clock.Restart();
        var output = inPlace ? image : new RgbaImage(image.Width, image.Height, hasAlpha: image.HasAlpha);
        // At render size there is nothing to upsample, and the guided fit would only smooth the prediction.
        bool upsampled = rw != image.Width || rh != image.Height;
        var field = Options.Upsampling == ChromaUpsampling.Guided && upsampled
            ? GuidedChroma.Fit(lNorm, ab, rw, rh)
            : ChromaField.Plain(ab, rw, rh);
        var chroma = LabCompositor.Compose(image, field, output, cancellationToken);
        var compose = clock.Elapsed;

        return new ColorizeResult(output, chroma.IsColour, chroma.MeanChroma, rw, rh, new ColorizeTimings(prepare, model, compose));
    }

    private static (float[] LNorm, RgbaImage? Gray) RenderInput(RgbaImage small, bool needGray)
    {
        int n = small.PixelCount;
        var l = new float[n];
        var a = new float[n];
        var b = new float[n];
        LabConverter.RgbToLab(small.Pixels, 4, l, a, b);
        RgbaImage? gray = null;
        if (needGray)
        {
            // The extractor must see the same neutral picture for gray and colour inputs alike.
            Array.Clear(a);
            Array.Clear(b);
            gray = new RgbaImage(small.Width, small.Height);
            LabConverter.LabToRgb(l, a, b, gray.Pixels, 4);
            for (int i = 3; i < gray.Pixels.Length; i += 4) gray.Pixels[i] = 255;
        }
        for (int i = 0; i < n; i++) l[i] = LabNormalization.NormalizeL(l[i]);
        return (l, gray);
    }

    private static RgbaImage ToRgba(SKBitmap bitmap)
    {
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var image = new RgbaImage(bitmap.Width, bitmap.Height, hasAlpha: bitmap.AlphaType is not SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = bitmap.PeekPixels()
                ?? throw new ArgumentException("the bitmap has no readable pixels", nameof(bitmap));
            if (!pixmap.ReadPixels(info, handle.AddrOfPinnedObject(), info.RowBytes))
                throw new ArgumentException($"cannot convert a {bitmap.ColorType} bitmap to RGBA", nameof(bitmap));
        }
        finally
        {
            handle.Free();
        }
        return image;
    }
}
