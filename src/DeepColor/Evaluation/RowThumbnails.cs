namespace DeepColor.Evaluation;

/// <summary>Small JPEG previews of one evaluated image, kept for the HTML report only (never in JSON).</summary>
public sealed record RowThumbnails(byte[] Gray, byte[] Prediction, byte[] Truth);
