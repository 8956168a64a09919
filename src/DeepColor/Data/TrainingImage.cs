using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>A decoded, colour, size-normalised training image held in memory.</summary>
public sealed record TrainingImage(string Name, RgbaImage Image, string? Label);
