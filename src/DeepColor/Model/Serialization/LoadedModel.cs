using TorchSharp;

namespace DeepColor.Model.Serialization;

/// <summary>A model file in memory: its header and its tensors as float32 (int64 buffers stay int64). Owns the tensors.</summary>
public sealed class LoadedModel : IDisposable
{
    internal LoadedModel(string path, ModelFileHeader header, IReadOnlyList<ModelTensorEntry> entries, Dictionary<string, torch.Tensor> tensors)
    {
        Path = path;
        Header = header;
        Entries = entries;
        Tensors = tensors;
    }

    /// <summary>The file it was loaded from, for messages.</summary>
    public string Path { get; }

    public ModelFileHeader Header { get; }

    /// <summary>The tensor table as stored (dtype, shape), in file order.</summary>
    public IReadOnlyList<ModelTensorEntry> Entries { get; }

    public Dictionary<string, torch.Tensor> Tensors { get; }

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
        Tensors.Clear();
    }
}
