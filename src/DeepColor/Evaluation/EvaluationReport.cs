namespace DeepColor.Evaluation;

/// <summary>
/// The result of an evaluation. Serialised by <see cref="EvaluationJson"/> (camelCase, schema
/// version <see cref="CurrentSchemaVersion"/>) and rendered by <see cref="EvaluationHtml"/>.
/// </summary>
/// <param name="SchemaVersion">Bumped whenever a field changes meaning or goes away.</param>
/// <param name="ModelName">The model as named on the command line.</param>
/// <param name="Dataset">The folder or archive evaluated.</param>
/// <param name="Size">"256" (each truth resized to 256×256 first, the DDColor protocol) or "full".</param>
/// <param name="Classifier">The semantic-agreement classifier, or null when none was used.</param>
/// <param name="CreatedUtc">When the evaluation finished.</param>
/// <param name="Model">Aggregate scores of the model.</param>
/// <param name="Gray">Aggregate scores of the grey baseline (a* = b* = 0 on the truth's L*).</param>
/// <param name="Images">Per-image rows, in dataset order.</param>
/// <param name="Skipped">Entries that could not be decoded.</param>
public sealed record EvaluationReport(
    int SchemaVersion,
    string ModelName,
    string Dataset,
    string Size,
    string? Classifier,
    DateTimeOffset CreatedUtc,
    AggregateMetrics Model,
    AggregateMetrics Gray,
    IReadOnlyList<EvaluationRow> Images,
    IReadOnlyList<SkippedImage> Skipped)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// The model's hue accuracy split by the truth's hue family (<see cref="HueBreakdown"/>), pooled over every
    /// image; empty in reports written before it existed. The gray baseline has no row: it hits nothing.
    /// </summary>
    public IReadOnlyList<HueFamilyScore> HueFamilies { get; init; } = [];
}
