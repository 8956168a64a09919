using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>
/// MobileNetV2 (Sandler et al., 2018), int8-quantised by the ONNX Model Zoo (Apache-2.0): a small real
/// ImageNet extractor for machines where Inception-ResNet-v2 is out of reach.
/// </summary>
internal static class MobileNetV2Cfgs
{
    /// <summary>ONNX Model Zoo <c>mobilenetv2-12-int8.onnx</c>: 224², NCHW, ImageNet mean/std on [0, 1], 1000 logits.</summary>
    public static readonly ExtractorCfg OnnxZooInt8 = new()
    {
        Architecture = "mobilenetv2",
        Tag = "onnx_zoo_int8",
        Description = "ONNX Model Zoo MobileNetV2-1.0, int8 QLinear",
        FileName = "mobilenetv2-12-int8.onnx",
        Url = "https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx",
        Sha256 = "83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f",
        License = "Apache-2.0",
        Origin = "https://github.com/onnx/models (validated/vision/classification/mobilenet)",
        Paper = "Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks, CVPR 2018 (arXiv:1801.04381)",
        Height = 224,
        Width = 224,
        Layout = TensorLayout.Nchw,
        Range = PixelRange.Unit,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
        Interpolation = ResizeFilter.Bilinear,
        CropPct = 0.875f,
        InputName = "input",
        OutputName = "output",
        OnnxOutput = OutputKind.Logits,
        Embedding = OutputKind.Softmax,
        EmbeddingDim = 1000,
    };

    public static void Register(ExtractorRegistry registry) => registry.Register(OnnxZooInt8, isDefault: true);
}
