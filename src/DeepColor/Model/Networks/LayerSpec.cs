namespace DeepColor.Model.Networks;

/// <summary>What one row of a layer table builds.</summary>
public enum LayerKind
{
    /// <summary>3×3 (or k×k) convolution with Keras "same" padding, followed by ReLU.</summary>
    Conv,

    /// <summary>Nearest-neighbour ×2 upsampling.</summary>
    Upsample,
}

/// <summary>One row of a network's layer table: the table is data, the constructor walks it.</summary>
public sealed record LayerSpec(string Name, LayerKind Kind, int Channels = 0, int Kernel = 3, int Stride = 1)
{
    public static LayerSpec Conv(string name, int channels, int stride = 1, int kernel = 3) => new(name, LayerKind.Conv, channels, kernel, stride);
    public static LayerSpec Up(string name) => new(name, LayerKind.Upsample);
}
