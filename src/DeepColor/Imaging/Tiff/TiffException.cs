namespace DeepColor.Imaging.Tiff;

/// <summary>
/// A reason the TIFF reader gave up, without the file name: <see cref="TiffDecoder"/> adds the name
/// and turns it into an <see cref="ImageLoadException"/>, so the lower layers need not carry it.
/// </summary>
internal sealed class TiffException(ImageLoadFailure failure, string reason) : Exception(reason)
{
    public ImageLoadFailure Failure { get; } = failure;

    public static TiffException Truncated(string what) => new(ImageLoadFailure.Truncated, $"TIFF file is truncated ({what})");

    public static TiffException Corrupt(string what) => new(ImageLoadFailure.Corrupt, $"TIFF data is corrupt ({what})");

    public static TiffException Unsupported(string what) => new(ImageLoadFailure.Unsupported, $"this TIFF variant cannot be decoded: {what}");
}
