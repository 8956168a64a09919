using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepColor.Training;

/// <summary>Appends one JSON object per line to metrics.jsonl; each line is flushed, so a crash loses nothing written.</summary>
public sealed class MetricsLog
{
    private readonly string _path;

    public MetricsLog(string path) => _path = path;

    public void Write(string type, TrainState state, IReadOnlyDictionary<string, double> values)
    {
        var line = new JsonObject
        {
            ["type"] = type,
            ["time"] = DateTime.UtcNow.ToString("O"),
            ["step"] = state.Step,
            ["epoch"] = state.Epoch,
        };
        foreach (var (k, v) in values) line[k] = double.IsFinite(v) ? Math.Round(v, 6) : null;
        File.AppendAllText(_path, line.ToJsonString() + "\n");
    }

    /// <summary>Reads back (step, value) pairs of one metric, for plots and tests.</summary>
    public static IReadOnlyList<(long Step, double Value)> Read(string path, string type, string key)
    {
        if (!File.Exists(path)) return [];
        var result = new List<(long, double)>();
        foreach (var text in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(text); }
            catch (JsonException) { continue; } // a line cut by a crash
            if (node?["type"]?.GetValue<string>() != type || node[key] is not JsonValue v) continue;
            result.Add((node["step"]!.GetValue<long>(), v.GetValue<double>()));
        }
        return result;
    }
}
