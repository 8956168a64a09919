using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>An ImageNet-style classifier, used to ask whether colorization keeps an image recognisable.</summary>
public interface IImageClassifier
{
    /// <summary>Index of the highest-scoring class for <paramref name="image"/>.</summary>
    int Top1(RgbaImage image);
}
