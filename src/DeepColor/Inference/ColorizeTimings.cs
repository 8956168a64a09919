namespace DeepColor.Inference;

/// <summary>Where the time of one <see cref="Colorizer"/> call went (decode and encode are the caller's).</summary>
/// <param name="Prepare">Downscale to the render size and its L* plane.</param>
/// <param name="Model">The network (and extractor), including waiting for the model lock.</param>
/// <param name="Compose">Full-resolution pass: L* of the original, bilinear a*b* upsampling, Lab → sRGB, alpha copy.</param>
public sealed record ColorizeTimings(TimeSpan Prepare, TimeSpan Model, TimeSpan Compose)
{
    public TimeSpan Total => Prepare + Model + Compose;
}
