namespace DeepColor.Model.Serialization;

/// <summary>A model file could not be read or applied; the message starts with the file's path.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string path, ModelFileFailure failure, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Failure = failure;
        Reason = reason;
    }

    public string Path { get; }
    public ModelFileFailure Failure { get; }

    /// <summary>The message without the path.</summary>
    public string Reason { get; }
}
