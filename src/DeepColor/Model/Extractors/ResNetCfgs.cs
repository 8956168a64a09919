using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>
/// The ImageNet ResNet of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1 (MIT), exported from CNTK 2.6:
/// the trunk of the <c>deepcolor-unet</c> architecture, and usable as a plain ONNX extractor at 224².
/// </summary>
internal static class ResNetCfgs
{
    /// <summary>Registry name of the trunk the U-Net imports its weights from.</summary>
    public const string TrunkName = "resnet18.cntk_in1k";

    /// <summary>
    /// BGR, 0–255, minus a per-channel mean. The package subtracts a mean image (ResNetPreprocess.onnx); its
    /// per-channel average gives pooled features within cosine 0.9996 of the mean image's, and works at any size.
    /// </summary>
    public static readonly ExtractorCfg CntkIn1k = new()
    {
        Architecture = "resnet18",
        Tag = "cntk_in1k",
        Description = "ML.NET DnnImageFeaturizer ResNet (CNTK 2.6, ImageNet): 512-d pooled features; the deepcolor-unet trunk",
        FileName = "ResNet18.onnx",
        BundledPath = "DnnImageModels/ResNet18Onnx/ResNet18.onnx",
        Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1",
        Sha256 = "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f",
        License = "MIT",
        Origin = "https://www.nuget.org/packages/Microsoft.ML.DnnImageFeaturizer.ResNet18/0.23.1",
        Paper = "He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, CVPR 2016 (arXiv:1512.03385)",
        Height = 224,
        Width = 224,
        Layout = TensorLayout.Nchw,
        Range = PixelRange.Byte,
        ChannelOrder = ChannelOrder.Bgr,
        Mean = [103.06f, 115.90f, 123.15f],
        Std = [1f, 1f, 1f],
        Interpolation = ResizeFilter.Bilinear,
        ResizeMode = ResizeMode.Stretch,
        CropPct = 1f,
        InputName = "Input247",
        OutputName = "Pooling395_Output_0",
        OnnxOutput = OutputKind.Features,
        Embedding = OutputKind.Features,
        EmbeddingDim = 512,
    };

    public static void Register(ExtractorRegistry registry) => registry.Register(CntkIn1k, isDefault: true);
}
