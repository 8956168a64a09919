namespace DeepColor.Model.Serialization;

/// <summary>Element type of a stored tensor (little-endian).</summary>
public enum StoredDType
{
    /// <summary>IEEE float32.</summary>
    F32,

    /// <summary>IEEE float16; loaded back as float32.</summary>
    F16,

    /// <summary>int64, for integer buffers such as BatchNorm's <c>num_batches_tracked</c>; stored as is regardless of precision.</summary>
    I64,
}
