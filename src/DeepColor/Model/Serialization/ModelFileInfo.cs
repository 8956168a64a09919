namespace DeepColor.Model.Serialization;

/// <summary>What <see cref="ModelFile.Verify"/> learnt about an intact model file, without materialising tensors.</summary>
public sealed record ModelFileInfo(string Path, ModelFileHeader Header, IReadOnlyList<ModelTensorEntry> Tensors, long FileLength)
{
    /// <summary>Total elements over all tensors (integer buffers included).</summary>
    public long ElementCount => Tensors.Sum(t => t.ElementCount);
}
