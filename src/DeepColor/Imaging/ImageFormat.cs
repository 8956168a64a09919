namespace DeepColor.Imaging;

/// <summary>Output file formats.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
}
