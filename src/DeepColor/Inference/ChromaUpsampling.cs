namespace DeepColor.Inference;

/// <summary>How the render-size a*b* is brought to the image's full size.</summary>
public enum ChromaUpsampling
{
    /// <summary>Plain bilinear interpolation: smooth, but colour bleeds a few pixels across edges.</summary>
    Bilinear,

    /// <summary>
    /// Edge-aware: a*b* is modelled locally as a linear function of L* at render size, and that model is applied
    /// to the full-resolution L*, so colour edges follow the photo's own edges.
    /// </summary>
    Guided,
}
