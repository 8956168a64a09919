using System.Globalization;
using System.Text.Json.Nodes;

namespace DeepColor.Model.Serialization;

/// <summary>
/// The self-description stored at the front of a model file: what network it is, how it was configured,
/// which extractor and colour conventions it assumes, and how it was trained.
/// </summary>
public sealed record ModelFileHeader
{
    /// <summary>Written as <see cref="ModelFile.CurrentFormatVersion"/> whatever is set here; read back from the file.</summary>
    public int FormatVersion { get; init; } = ModelFile.CurrentFormatVersion;

    /// <summary>Network name, e.g. <c>deepcolor-seed</c>; loading can insist on it.</summary>
    public required string Architecture { get; init; }

    /// <summary>The network's config record, serialised by the network's own code.</summary>
    public JsonObject ArchitectureConfig { get; init; } = [];

    /// <summary>Registry name of the feature extractor the model was trained with, if any.</summary>
    public string? ExtractorId { get; init; }

    public string? ExtractorSha256 { get; init; }

    /// <summary>Colour space and scaling the network's inputs and outputs use; see <see cref="DefaultColorConventions"/>.</summary>
    public JsonObject ColorConventions { get; init; } = DefaultColorConventions();

    /// <summary>Free-form: data, steps, metrics, wall time.</summary>
    public JsonObject TrainingSummary { get; init; } = [];

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The project's conventions: CIE Lab under D65, L/50 − 1 and ab/128.</summary>
    public static JsonObject DefaultColorConventions() => new()
    {
        ["space"] = "CIELab",
        ["white"] = "D65",
        ["lScale"] = "L/50-1",
        ["abScale"] = "ab/128",
    };

    internal JsonObject ToJson(int formatVersion) => new()
    {
        ["formatVersion"] = formatVersion,
        ["architecture"] = Architecture,
        ["architectureConfig"] = ArchitectureConfig.DeepClone(),
        ["extractorId"] = ExtractorId,
        ["extractorSha256"] = ExtractorSha256,
        ["colorConventions"] = ColorConventions.DeepClone(),
        ["trainingSummary"] = TrainingSummary.DeepClone(),
        ["createdUtc"] = CreatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the fields by name with explicit type checks; throws <see cref="FormatException"/> naming the bad field.</summary>
    internal static ModelFileHeader FromJson(JsonObject json)
    {
        string created = RequiredString(json, "createdUtc");
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var createdUtc))
            throw new FormatException($"header field 'createdUtc' is not a timestamp: '{created}'");
        return new ModelFileHeader
        {
            FormatVersion = RequiredInt(json, "formatVersion"),
            Architecture = RequiredString(json, "architecture"),
            ArchitectureConfig = RequiredObject(json, "architectureConfig"),
            ExtractorId = OptionalString(json, "extractorId"),
            ExtractorSha256 = OptionalString(json, "extractorSha256"),
            ColorConventions = RequiredObject(json, "colorConventions"),
            TrainingSummary = RequiredObject(json, "trainingSummary"),
            CreatedUtc = createdUtc,
        };
    }

    internal static string RequiredString(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s
            : throw new FormatException($"header field '{name}' is missing or not a non-empty string");

    internal static string? OptionalString(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new FormatException($"header field '{name}' is not a string"),
    };

    internal static int RequiredInt(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i
            : throw new FormatException($"header field '{name}' is missing or not an integer");

    internal static JsonObject RequiredObject(JsonObject json, string name) =>
        json[name] is JsonObject o ? (JsonObject)o.DeepClone()
            : throw new FormatException($"header field '{name}' is missing or not an object");
}
