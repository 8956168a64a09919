using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Batch;

/// <summary>The <c>--model</c> values the commands understand.</summary>
internal static class ModelLoading
{
    /// <summary>Builds an untrained network of the default architecture (benchmarks before a model exists).</summary>
    public const string Random = "random";

    public static Colorizer Load(string model, ColorizerOptions options) =>
        string.Equals(model, Random, StringComparison.OrdinalIgnoreCase)
            ? Colorizer.CreateUntrained(options: options)
            : Colorizer.Load(model, options);

    /// <summary>Loads, or prints a one-line reason and returns null (a usage error for the caller).</summary>
    public static Colorizer? TryLoad(ColorizerFactory factory, string model, ColorizerOptions options, IAnsiConsole console)
    {
        try
        {
            return factory(model, options);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidDataException or NotSupportedException or IOException
            or UnauthorizedAccessException or DeepColor.Model.Serialization.ModelFileException or DeepColor.Model.Extractors.ExtractorException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot load model '{model}': {e.Message}");
            return null;
        }
    }
}
