namespace DeepColor.Model.Serialization;

/// <summary>How floating-point tensors are stored in a model file; they always load back as float32.</summary>
public enum TensorPrecision
{
    Float32,

    /// <summary>Half the size; values are rounded to the nearest fp16 on save. A tensor with a finite value beyond fp16's range (±65,504) is stored as fp32 instead.</summary>
    Float16,
}
