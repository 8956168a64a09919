namespace DeepColor.Inference;

/// <summary>How much colour the input already had.</summary>
internal readonly record struct ChromaStats(double MeanChroma, double ColouredShare)
{
    public bool IsColour => MeanChroma > LabCompositor.ColourMeanChroma || ColouredShare > LabCompositor.ColourPixelShare;
}
