namespace DeepColor.Tests.Model.Extractors;

/// <summary>A fact that is skipped, saying why, when ../shared (MobileNetV2 and the ImageNet sample) is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedDataLocator.HasMobileNetV2)
            Skip = "shared data is absent: ../shared/models/mobilenetv2-12-int8.onnx and ../shared/data/imagenet-sample/images.tar are needed";
    }
}
