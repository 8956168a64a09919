namespace DeepColor.Inference;

/// <summary>How the image is scaled to the size the network sees.</summary>
public enum RenderSizing
{
    /// <summary>Long side = <see cref="ColorizerOptions.RenderSize"/>, short side scaled to keep the aspect ratio (multiple of 8, at least 8).</summary>
    KeepAspect,

    /// <summary>Always RenderSize × RenderSize, whatever the aspect ratio (the training geometry; distorts the content the network sees).</summary>
    Square,
}
