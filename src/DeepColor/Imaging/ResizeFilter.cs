namespace DeepColor.Imaging;

/// <summary>Resampling filters offered by <see cref="ImageResizer"/>.</summary>
public enum ResizeFilter
{
    Nearest,
    Bilinear,
    Mitchell,
    CatmullRom,
}
