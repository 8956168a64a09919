namespace DeepColor.Model.Extractors;

/// <summary>How an image is brought to an extractor's fixed input size.</summary>
public enum ResizeMode
{
    /// <summary>Resize straight to width×height, ignoring aspect ratio (the seed's skimage <c>resize</c>).</summary>
    Stretch,

    /// <summary>Scale so the image covers size/<see cref="ExtractorCfg.CropPct"/>, then take the centre (timm/torchvision eval transform).</summary>
    ShorterSideCenterCrop,
}
