using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>Argument checks shared by the metrics, so every metric fails with the same message.</summary>
internal static class MetricGuard
{
    public static void SameSize(RgbaImage prediction, RgbaImage truth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        if (prediction.Width != truth.Width || prediction.Height != truth.Height)
            throw new ArgumentException($"prediction is {prediction.Width}×{prediction.Height} but truth is {truth.Width}×{truth.Height}");
    }

    public static void SameSize(LabImage prediction, LabImage truth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        if (prediction.Width != truth.Width || prediction.Height != truth.Height)
            throw new ArgumentException($"prediction is {prediction.Width}×{prediction.Height} but truth is {truth.Width}×{truth.Height}");
    }
}
