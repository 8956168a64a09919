using System.Text.Json.Serialization;

namespace DeepColor.Evaluation;

/// <summary>One evaluated image: its size after the protocol's resize, and the model's and grey baseline's scores.</summary>
public sealed record EvaluationRow(
    string Name,
    int Width,
    int Height,
    double TruthColorfulness,
    ImageMetrics Model,
    ImageMetrics Gray)
{
    /// <summary>The classifier's probability for the truth's own top-1 class (its largest); null without a classifier.</summary>
    public double? TruthSemanticConfidence { get; init; }

    /// <summary>Previews for the HTML report; null past <see cref="EvaluationOptions.MaxThumbnails"/> or after a JSON round trip.</summary>
    [JsonIgnore]
    public RowThumbnails? Thumbnails { get; init; }

    /// <summary>The model's hue hits by truth hue family, pooled into <see cref="EvaluationReport.HueFamilies"/>; null after a JSON round trip.</summary>
    [JsonIgnore]
    public HueBreakdown? ModelHues { get; init; }
}
