namespace DeepColor.Inference;

/// <summary>The render size for an image: what the network sees.</summary>
internal static class RenderGeometry
{
    public static (int Width, int Height) For(int width, int height, int renderSize, RenderSizing sizing)
    {
        if (sizing == RenderSizing.Square) return (renderSize, renderSize);
        if (width >= height) return (renderSize, ShortSide(height, width, renderSize));
        return (ShortSide(width, height, renderSize), renderSize);
    }

    // The encoder halves the resolution three times, so every side must be a multiple of 8.
    private static int ShortSide(int shortSide, int longSide, int renderSize)
    {
        double scaled = (double)shortSide * renderSize / longSide;
        int rounded = (int)Math.Round(scaled / 8.0, MidpointRounding.AwayFromZero) * 8;
        return Math.Max(8, rounded);
    }
}
