using System.Text;
using System.Text.Json;

namespace DeepColor.Evaluation;

/// <summary>
/// The one-line summary that training appends to <c>metrics.jsonl</c> after each validation pass:
/// one JSON object per line, <c>step</c>/<c>epoch</c> first when known, then the aggregate scores
/// under the same camelCase names as the evaluation JSON. Null scores (no classifier, no coloured
/// pixel) are left out rather than written as null, so line-by-line readers see only numbers.
/// </summary>
public static class MetricsJsonl
{
    /// <param name="metrics">Aggregate scores.</param>
    /// <param name="step">Optimizer step, if known.</param>
    /// <param name="epoch">Epoch, if known.</param>
    /// <param name="extra">More numbers for the same line (e.g. loss, learning rate), written after the scores in the given order.</param>
    public static string FormatLine(AggregateMetrics metrics, long? step = null, int? epoch = null, IEnumerable<KeyValuePair<string, double>>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (step is long s) json.WriteNumber("step", s);
            if (epoch is int e) json.WriteNumber("epoch", e);
            json.WriteNumber("images", metrics.Images);
            json.WriteNumber("psnr", metrics.Psnr);
            json.WriteNumber("ssim", metrics.Ssim);
            json.WriteNumber("colorfulness", metrics.Colorfulness);
            json.WriteNumber("truthColorfulness", metrics.TruthColorfulness);
            json.WriteNumber("deltaColorfulness", metrics.DeltaColorfulness);
            json.WriteNumber("abMae", metrics.AbMae);
            json.WriteNumber("deltaE2000", metrics.DeltaE2000);
            if (metrics.HueAccuracy is double hue) json.WriteNumber("hueAccuracy", hue);
            if (metrics.SemanticAgreement is double sem) json.WriteNumber("semanticAgreement", sem);
            if (metrics.SemanticConfidence is double confidence) json.WriteNumber("semanticConfidence", confidence);
            if (metrics.TruthSemanticConfidence is double truthConfidence) json.WriteNumber("truthSemanticConfidence", truthConfidence);
            foreach (var (key, value) in extra ?? [])
            {
                // NaN/∞ (a diverged loss) are not JSON numbers; written as strings they keep the line parseable.
                if (double.IsFinite(value)) json.WriteNumber(key, value);
                else json.WriteString(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Appends <see cref="FormatLine"/>'s line and a newline to <paramref name="path"/>, creating it if needed.</summary>
    public static void Append(string path, AggregateMetrics metrics, long? step = null, int? epoch = null, IEnumerable<KeyValuePair<string, double>>? extra = null)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.AppendAllText(path, FormatLine(metrics, step, epoch, extra) + "\n", new UTF8Encoding(false));
    }
}
