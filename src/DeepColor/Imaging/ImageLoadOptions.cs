namespace DeepColor.Imaging;

/// <summary>Limits and choices for decoding.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>Refuse images with more pixels than this (checked from the header, before decoding). Default 100 MP.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Apply the EXIF orientation so pixels are in display order.</summary>
    public bool ApplyOrientation { get; init; } = true;

    public static ImageLoadOptions Default { get; } = new();
}
