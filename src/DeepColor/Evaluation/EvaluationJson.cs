using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepColor.Evaluation;

/// <summary>Reads and writes <see cref="EvaluationReport"/> as indented camelCase JSON; nulls are written, so every key is always present.</summary>
public static class EvaluationJson
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(EvaluationReport report) => JsonSerializer.Serialize(report, Options);

    public static EvaluationReport Deserialize(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Options) ?? throw new JsonException("the JSON holds no report");

    /// <summary>Writes the report atomically (temp file, then rename), creating the folder if needed.</summary>
    public static void Write(EvaluationReport report, string path) => ReportFile.WriteAllText(path, Serialize(report));
}
