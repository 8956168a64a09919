namespace DeepColor.Model.Serialization;

/// <summary>Why a model file was refused.</summary>
public enum ModelFileFailure
{
    NotFound,
    Truncated,

    /// <summary>The trailing SHA-256 does not match the content.</summary>
    Corrupted,
    WrongMagic,
    UnsupportedVersion,
    WrongArchitecture,
    TableInconsistent,
    BadJson,

    /// <summary>The file's tensors do not match the module's state (names or shapes).</summary>
    StateMismatch,
}
