using DeepColor.Imaging;
using DeepColor.Inference;

namespace DeepColor.Cli.Batch;

/// <summary>
/// The options that change an output's pixels, as typed (null = the model's own choice, which the model's hash
/// already pins down). Quality counts only for the lossy formats.
/// </summary>
internal sealed record RenderSettings(int? RenderSize, float Saturation, ChromaUpsampling Upsampling, bool? FlipAverage, ImageFormat Format, int? Quality)
{
    public static RenderSettings For(ColorizerOptions options, int quality, ImageFormat format) =>
        new(options.RenderSize, options.Saturation, options.Upsampling, options.FlipAverage, format, format == ImageFormat.Png ? null : quality);

    /// <summary>The settings that differ, as "render size 32 (now default)", so a stale output says what to pass.</summary>
    public string DifferencesFrom(RenderSettings now)
    {
        var parts = new List<string>();
        void Compare<T>(string name, T made, T current)
        {
            if (!EqualityComparer<T>.Default.Equals(made, current)) parts.Add($"{name} {Show(made)} (now {Show(current)})");
        }
        Compare("render size", RenderSize, now.RenderSize);
        Compare("saturation", Saturation, now.Saturation);
        Compare("chroma upsampling", Upsampling, now.Upsampling);
        Compare("flip average", FlipAverage, now.FlipAverage);
        Compare("format", Format, now.Format);
        Compare("quality", Quality, now.Quality);
        return string.Join(", ", parts);
    }

    private static string Show(object? value) =>
        value is null ? "default" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant();
}
