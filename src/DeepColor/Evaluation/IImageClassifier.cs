using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>An ImageNet-style classifier, used to ask whether colorization keeps an image recognisable.</summary>
public interface IImageClassifier
{
    /// <summary>The class probabilities (they sum to 1) for <paramref name="image"/>.</summary>
    float[] Probabilities(RgbaImage image);
}
