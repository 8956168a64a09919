using DeepColor.Imaging;
using DeepColor.Inference;

namespace DeepColor.Tests.Inference;

/// <summary>A stand-in for the network: returns a*b* from a function of the render position and records its calls.</summary>
internal sealed class FakeAbPredictor : IAbPredictor
{
    private readonly Func<int, int, int, int, (float A, float B)> _ab;

    /// <summary><c>ab</c> maps (x, y, width, height) to normalised (a, b); default a modest constant orange-ish tint.</summary>
    public FakeAbPredictor(Func<int, int, int, int, (float A, float B)>? ab = null, bool needsGray = false)
    {
        _ab = ab ?? ((_, _, _, _) => (0.08f, 0.12f));
        NeedsGrayImage = needsGray;
    }

    public string Description => "fake";
    public bool NeedsGrayImage { get; }
    public bool Disposed { get; private set; }
    public List<(int Width, int Height, float[] LNorm, RgbaImage? Gray)> Calls { get; } = [];

    /// <summary>The saturation each call was given, in call order.</summary>
    public List<float> Saturations { get; } = [];

    /// <summary>Runs inside each model call, e.g. to cancel a token or throw.</summary>
    public Action<int>? OnCall { get; set; }

    public float[] PredictAb(float[] lNorm, int width, int height, RgbaImage? grayImage, float saturation, CancellationToken cancellationToken)
    {
        Calls.Add((width, height, lNorm, grayImage));
        Saturations.Add(saturation);
        OnCall?.Invoke(Calls.Count);
        int n = width * height;
        var result = new float[2 * n];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var (a, b) = _ab(x, y, width, height);
                result[y * width + x] = a * saturation;
                result[n + y * width + x] = b * saturation;
            }
        return result;
    }

    public long? CountFlops(int width, int height) => 1000L * width * height;

    public int? PreferredRenderSize => null;

    public void Dispose() => Disposed = true;

    public static Colorizer CreateColorizer(FakeAbPredictor? predictor = null, ColorizerOptions? options = null) =>
        new(predictor ?? new FakeAbPredictor(), options ?? new ColorizerOptions());
}
