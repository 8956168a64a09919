namespace DeepColor.Model.Extractors;

/// <summary>Memory layout of an extractor's input tensor.</summary>
public enum TensorLayout
{
    /// <summary>Batch, channels, height, width (PyTorch, ONNX Model Zoo).</summary>
    Nchw,

    /// <summary>Batch, height, width, channels (Keras / tf2onnx exports).</summary>
    Nhwc,
}
