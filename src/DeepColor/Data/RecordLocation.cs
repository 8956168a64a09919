namespace DeepColor.Data;

/// <summary>
/// Where one encoded image lives, without its bytes: a whole file, or a byte range of a tar file.
/// A streamed training set keeps one of these per image, so its memory grows with the number of
/// records (names and offsets), never with their pixels.
/// </summary>
/// <param name="Path">The file that holds the bytes (the image file, or the tar).</param>
/// <param name="EntryName">The name within its source: path relative to the folder, tar entry name, or file name.</param>
/// <param name="Label">Class label (the parent folder name) when the source has one.</param>
/// <param name="Offset">First byte of the data within <paramref name="Path"/> (tar entries).</param>
/// <param name="Length">Bytes of data, or <see cref="WholeFile"/>.</param>
public readonly record struct RecordLocation(string Path, string EntryName, string? Label, long Offset = 0, long Length = RecordLocation.WholeFile)
{
    /// <summary>Length of a record that is a file of its own: read it all.</summary>
    public const long WholeFile = -1;

    /// <summary>A readable identifier: the file path, or <c>tarfile:entry</c>.</summary>
    public string Name => Length == WholeFile ? Path : Path + ":" + EntryName;

    /// <summary>
    /// Reads the bytes. An unreadable file or a short read becomes an empty record rather than an
    /// exception, so one bad file is reported by the decoder with its name and never stops the rest.
    /// </summary>
    public ImageRecord Read() => new(Name, Label, ReadBytes()) { EntryName = EntryName };

    private byte[] ReadBytes()
    {
        try
        {
            if (Length == WholeFile) return File.ReadAllBytes(Path);
            // Positional reads on a handle of its own: safe from any number of loader threads at once.
            using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            var bytes = new byte[Length];
            for (int read = 0; read < bytes.Length;)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read), Offset + read);
                if (n == 0) return [];
                read += n;
            }
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
