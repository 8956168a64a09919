namespace DeepColor.Model.Extractors;

/// <summary>A registry lookup or extractor creation failed; the message names the extractor and file involved.</summary>
public sealed class ExtractorException : Exception
{
    public ExtractorException(ExtractorFailure failure, string message, string? path = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    public ExtractorFailure Failure { get; }

    /// <summary>The model file involved, when there is one.</summary>
    public string? Path { get; }
}
