using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>A ground-truth colour image and the name it is reported under (its path in the folder or archive).</summary>
public sealed record EvaluationImage(string Name, RgbaImage Image);
