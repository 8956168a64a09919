namespace DeepColor.Model.Extractors;

/// <summary>Why an extractor could not be looked up or created.</summary>
public enum ExtractorFailure
{
    UnknownName,
    DuplicateName,
    FileMissing,
    ChecksumMismatch,
    NotOnnx,
    ShapeMismatch,
    NotLoadable,
}
