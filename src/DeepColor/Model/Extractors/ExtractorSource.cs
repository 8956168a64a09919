namespace DeepColor.Model.Extractors;

/// <summary>Where an extractor's weights come from.</summary>
public enum ExtractorSource
{
    /// <summary>A pre-trained ONNX file the user supplies; run with ONNX Runtime.</summary>
    Onnx,

    /// <summary>A branch of the colorization network itself, trained jointly; nothing to load.</summary>
    Network,
}
