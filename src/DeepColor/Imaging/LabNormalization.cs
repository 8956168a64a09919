namespace DeepColor.Imaging;

/// <summary>
/// The one place that owns how Lab values are scaled for the network (the seed's convention):
/// input L*/50 − 1 ∈ [−1, 1], target a*b*/128 ∈ (−1, 1), and the inverse for predictions.
/// </summary>
public static class LabNormalization
{
    public const float LScale = 50f;
    public const float AbScale = 128f;

    public static float NormalizeL(float l) => l / LScale - 1f;
    public static float DenormalizeL(float x) => (x + 1f) * LScale;
    public static float NormalizeAb(float ab) => ab / AbScale;
    public static float DenormalizeAb(float x) => x * AbScale;
}
