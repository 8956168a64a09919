namespace DeepColor.Inference;

/// <summary>
/// What one <see cref="Colorizer"/> call may change without loading the model again: a server shares one
/// model among requests that each ask for their own render size and saturation.
/// </summary>
public sealed record ColorizeOverrides
{
    /// <summary>Replaces <see cref="ColorizerOptions.RenderSize"/> for this call; null keeps the colorizer's.</summary>
    public int? RenderSize { get; init; }

    /// <summary>Replaces <see cref="ColorizerOptions.Saturation"/> for this call; null keeps the colorizer's.</summary>
    public float? Saturation { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for an end user, by the same rules as <see cref="ColorizerOptions"/>.</summary>
    public void Validate() => new ColorizerOptions { RenderSize = RenderSize, Saturation = Saturation ?? 1f }.Validate();
}
