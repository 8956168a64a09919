namespace DeepColor.Model.Extractors;

/// <summary>The range 8-bit pixels are mapped to before <see cref="ExtractorCfg.Mean"/> and <see cref="ExtractorCfg.Std"/> apply.</summary>
public enum PixelRange
{
    /// <summary>x / 255 ∈ [0, 1] (PyTorch/torchvision convention).</summary>
    Unit,

    /// <summary>x ∈ [0, 255] unchanged (Keras <c>preprocess_input</c> convention).</summary>
    Byte,
}
