using DeepColor.Imaging;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Inception-ResNet-v2 (Szegedy et al., 2017), the seed's global feature extractor. Weights are ImageNet-1k,
/// exported by the user (see docs/extractors.md), so no file hash is pinned.
/// </summary>
internal static class InceptionResNetV2Cfgs
{
    private const string Arch = "inception_resnet_v2";
    private const string Paper = "Szegedy et al., Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning, AAAI 2017 (arXiv:1602.07261)";

    /// <summary>Keras <c>InceptionResNetV2(weights="imagenet")</c> through tf2onnx: NHWC, x/127.5 − 1, softmax head, stretched to 299².</summary>
    public static readonly ExtractorCfg KerasIn1k = new()
    {
        Architecture = Arch,
        Tag = "keras_in1k",
        Description = "seed extractor: Keras InceptionResNetV2 (imagenet) via tf2onnx",
        FileName = "inception_resnet_v2.keras_in1k.onnx",
        License = "Apache-2.0 (Keras Applications)",
        Origin = "https://keras.io/api/applications/inceptionresnetv2/",
        Paper = Paper,
        Height = 299,
        Width = 299,
        Layout = TensorLayout.Nhwc,
        Range = PixelRange.Byte,
        Mean = [127.5f, 127.5f, 127.5f],
        Std = [127.5f, 127.5f, 127.5f],
        Interpolation = ResizeFilter.Bilinear,
        ResizeMode = ResizeMode.Stretch,
        CropPct = 1f,
        InputName = "input_1",
        OutputName = "predictions",
        OnnxOutput = OutputKind.Softmax,
        Embedding = OutputKind.Softmax,
        EmbeddingDim = 1000,
    };

    /// <summary>timm <c>inception_resnet_v2.tf_in1k</c> through <c>torch.onnx.export</c>: NCHW, mean/std 0.5, logits.</summary>
    public static readonly ExtractorCfg TimmTfIn1k = new()
    {
        Architecture = Arch,
        Tag = "tf_in1k",
        Description = "timm inception_resnet_v2.tf_in1k via torch.onnx.export",
        FileName = "inception_resnet_v2.tf_in1k.onnx",
        License = "Apache-2.0",
        Origin = "https://huggingface.co/timm/inception_resnet_v2.tf_in1k",
        Paper = Paper,
        Height = 299,
        Width = 299,
        Layout = TensorLayout.Nchw,
        Range = PixelRange.Unit,
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
        // PIL's bicubic (timm's interpolation) is the a = −0.5 Keys kernel, i.e. Catmull–Rom.
        Interpolation = ResizeFilter.CatmullRom,
        CropPct = 0.8975f,
        InputName = "input",
        OutputName = "logits",
        OnnxOutput = OutputKind.Logits,
        Embedding = OutputKind.Softmax,
        EmbeddingDim = 1000,
    };

    public static void Register(ExtractorRegistry registry)
    {
        registry.Register(KerasIn1k, isDefault: true);
        registry.Register(TimmTfIn1k);
    }
}
