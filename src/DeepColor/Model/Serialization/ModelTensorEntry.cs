namespace DeepColor.Model.Serialization;

/// <summary>One row of a model file's tensor table; <see cref="Offset"/> counts from the start of the data section.</summary>
public sealed record ModelTensorEntry(string Name, StoredDType DType, IReadOnlyList<long> Shape, long Offset, long Length)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => checked(a * d));

    public static int ElementSize(StoredDType dtype) => dtype switch
    {
        StoredDType.F32 => 4,
        StoredDType.F16 => 2,
        StoredDType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };
}
