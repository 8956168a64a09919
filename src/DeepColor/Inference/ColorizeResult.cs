using DeepColor.Imaging;

namespace DeepColor.Inference;

/// <summary>The colorized picture and what was learnt about the input on the way.</summary>
public sealed class ColorizeResult
{
    internal ColorizeResult(RgbaImage image, bool wasAlreadyColour, double meanInputChroma, int renderWidth, int renderHeight, ColorizeTimings timings)
    {
        Image = image;
        WasAlreadyColour = wasAlreadyColour;
        MeanInputChroma = meanInputChroma;
        RenderWidth = renderWidth;
        RenderHeight = renderHeight;
        Timings = timings;
    }

    /// <summary>Same size, orientation and alpha as the input; L* is the input's, a*b* are predicted.</summary>
    public RgbaImage Image { get; }

    /// <summary>
    /// The input carried colour of its own (mean chroma above 3 or over 1% of pixels with C* above 10).
    /// It was still colorized from its L*; callers may want to tell the user.
    /// </summary>
    public bool WasAlreadyColour { get; }

    /// <summary>Mean C* = √(a*² + b*²) of the input; near 0 for true grayscale.</summary>
    public double MeanInputChroma { get; }

    public int RenderWidth { get; }
    public int RenderHeight { get; }
    public ColorizeTimings Timings { get; }
}
