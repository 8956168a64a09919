namespace DeepColor.Data;

/// <summary>One encoded image from a source, before decoding.</summary>
/// <param name="Name">A readable identifier: file path, or <c>tarfile:entry</c>.</param>
/// <param name="Label">Class label (the parent folder name) when the source has one.</param>
/// <param name="Bytes">The encoded file contents.</param>
public sealed record ImageRecord(string Name, string? Label, byte[] Bytes)
{
    /// <summary>
    /// The name within its source, for reports: the path relative to the folder, the tar entry's name,
    /// or the file's name when the source is a single file. Defaults to <see cref="Name"/>.
    /// </summary>
    public string EntryName { get; init; } = Name;
}
