namespace DeepColor.Color;

/// <summary>CIE 1931 XYZ tristimulus values, with Y of the reference white = 1.</summary>
public readonly record struct Xyz(float X, float Y, float Z);
