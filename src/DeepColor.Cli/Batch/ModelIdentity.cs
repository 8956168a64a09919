using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Batch;

/// <summary>
/// What made an output, as manifests record it: the SHA-256 of the model file (and of the extractor file, for models
/// that use one), so a renamed or copied model still matches and a retrained one under the old name does not.
/// </summary>
internal static class ModelIdentity
{
    /// <summary>Throws <see cref="FileNotFoundException"/> when the model or extractor file is not there.</summary>
    public static string Of(string model, string? extractorPath)
    {
        string identity = string.Equals(model, ModelLoading.Random, StringComparison.OrdinalIgnoreCase)
            ? ModelLoading.Random
            : "sha256:" + FileHash.Sha256(Colorizer.LocateModel(model));
        return extractorPath is null ? identity : identity + " extractor sha256:" + FileHash.Sha256(extractorPath);
    }

    /// <summary>As <see cref="Of"/>, or prints a one-line reason and returns null.</summary>
    public static string? TryOf(string model, string? extractorPath, IAnsiConsole console)
    {
        try { return Of(model, extractorPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot read model '{model}': {e.Message}");
            return null;
        }
    }
}
