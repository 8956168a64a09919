using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>How an <see cref="Evaluator"/> runs.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The DDColor protocol's side length: every truth is resized to 256×256 before scoring.</summary>
    public const int StandardSize = 256;

    /// <summary>Name of the model in the report.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>Name of the data set in the report.</summary>
    public string Dataset { get; init; } = "dataset";

    /// <summary>Side of the square each truth is resized to before everything else, or null to keep full size.</summary>
    public int? Size { get; init; } = StandardSize;

    /// <summary>Filter for the protocol resize.</summary>
    public ResizeFilter ResizeFilter { get; init; } = ResizeFilter.Mitchell;

    /// <summary>Thumbnails for the HTML report are this many pixels high.</summary>
    public int ThumbnailHeight { get; init; } = 128;

    /// <summary>Only the first this-many rows get thumbnails, so a 1000-image report stays a few MB.</summary>
    public int MaxThumbnails { get; init; } = 200;

    /// <summary>The protocol as written in reports: the size, or "full".</summary>
    public string SizeLabel => Size is int s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "full";
}
