using DeepColor.Imaging;

namespace DeepColor.Inference;

/// <summary>
/// The model behind a <see cref="Colorizer"/>: normalised L* in, normalised a*b* out, at render size.
/// Keeping it this small lets everything around the network (compositing, batching, CLI) be tested with a fake.
/// Implementations need not be thread-safe; <see cref="Colorizer"/> serialises calls.
/// </summary>
internal interface IAbPredictor : IDisposable
{
    /// <summary>One line for logs and the bench table (architecture, extractor, parameter count).</summary>
    string Description { get; }

    /// <summary>Whether <see cref="PredictAb"/> needs <c>grayImage</c> (a feature extractor looks at RGB pixels).</summary>
    bool NeedsGrayImage { get; }

    /// <summary>
    /// Predicts a*b*/128 for one image: <c>lNorm</c> is row-major L*/50 − 1 (width × height values);
    /// <c>grayImage</c> is the render-size input as neutral gray RGB (a* = b* = 0), given when <see cref="NeedsGrayImage"/>.
    /// Returns planar a then b, 2 × width × height values. <c>saturation</c> multiplies the model's own chroma gain
    /// for this call (1 = as loaded).
    /// </summary>
    float[] PredictAb(float[] lNorm, int width, int height, RgbaImage? grayImage, float saturation, CancellationToken cancellationToken);

    /// <summary>Multiply-adds × 2 of one forward pass at this size, or null when unknown.</summary>
    long? CountFlops(int width, int height);

    /// <summary>The size the model was trained at, used when the caller sets no render size.</summary>
    int? PreferredRenderSize { get; }
}
