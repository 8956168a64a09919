using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>Turning a classifier's scores into probabilities and a top-1 class.</summary>
public static class ClassProbabilities
{
    /// <summary>Softmax of <paramref name="logits"/>, shifted by their maximum so that large logits cannot overflow.</summary>
    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) throw new ArgumentException("no class scores", nameof(logits));
        float max = float.NegativeInfinity;
        foreach (float v in logits) max = Math.Max(max, v);
        var probabilities = new float[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += probabilities[i] = MathF.Exp(logits[i] - max);
        for (int i = 0; i < probabilities.Length; i++) probabilities[i] = (float)(probabilities[i] / sum);
        return probabilities;
    }

    /// <summary>Index of the class <paramref name="classifier"/> finds most probable for <paramref name="image"/>.</summary>
    public static int Top1(this IImageClassifier classifier, RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return ArgMax(classifier.Probabilities(image));
    }

    /// <summary>Index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("no class scores", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
