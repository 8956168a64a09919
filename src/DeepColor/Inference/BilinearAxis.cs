namespace DeepColor.Inference;

/// <summary>
/// Source taps for bilinear resampling along one axis with PyTorch's align_corners=false convention:
/// destination pixel centres map to source = (i + 0.5) · in/out − 0.5, clamped at the borders.
/// </summary>
internal readonly struct BilinearAxis
{
    public BilinearAxis(int sourceLength, int targetLength)
    {
        Low = new int[targetLength];
        High = new int[targetLength];
        Weight = new float[targetLength];
        double scale = (double)sourceLength / targetLength;
        for (int i = 0; i < targetLength; i++)
        {
            (Low[i], High[i], Weight[i]) = Tap(i, scale, sourceLength);
        }
    }

    /// <summary>Index of the first tap.</summary>
    public int[] Low { get; }

    /// <summary>Index of the second tap (equal to Low at the last source pixel).</summary>
    public int[] High { get; }

    /// <summary>Weight of the second tap.</summary>
    public float[] Weight { get; }

    public static (int Low, int High, float Weight) Tap(int index, double scale, int sourceLength)
    {
        double s = (index + 0.5) * scale - 0.5;
        if (s < 0) s = 0;
        int low = Math.Min((int)s, sourceLength - 1);
        int high = low < sourceLength - 1 ? low + 1 : low;
        return (low, high, (float)(s - low));
    }
}
