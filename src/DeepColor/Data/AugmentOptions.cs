namespace DeepColor.Data;

/// <summary>
/// Random geometric augmentation. The seed used Keras' ImageDataGenerator with shear 0.2, zoom 0.2,
/// rotation 20° and horizontal flip; <see cref="Seed"/> reproduces that, <see cref="None"/> is a plain centre crop.
/// </summary>
public sealed record AugmentOptions
{
    /// <summary>Crop side varies in [1 − Zoom, 1] × the image's shorter side.</summary>
    public double Zoom { get; init; }

    /// <summary>Maximum rotation in degrees, either way.</summary>
    public double RotationDegrees { get; init; }

    /// <summary>Maximum shear (tangent), either way.</summary>
    public double Shear { get; init; }

    public bool HorizontalFlip { get; init; }

    /// <summary>Crop position is random (else centred).</summary>
    public bool RandomCrop { get; init; }

    public static AugmentOptions None { get; } = new();

    public static AugmentOptions Seed { get; } = new() { Zoom = 0.2, RotationDegrees = 20, Shear = 0.2, HorizontalFlip = true, RandomCrop = true };

    /// <summary>Milder than the seed: rotation and shear hurt more than they help on 64² thumbnails.</summary>
    public static AugmentOptions Light { get; } = new() { Zoom = 0.2, RotationDegrees = 5, HorizontalFlip = true, RandomCrop = true };

    /// <summary>Parses <c>none</c>, <c>light</c> or <c>seed</c>.</summary>
    public static AugmentOptions Parse(string name) => name switch
    {
        "none" => None,
        "light" => Light,
        "seed" => Seed,
        _ => throw new ArgumentException($"unknown augmentation '{name}' (valid: none, light, seed)"),
    };
}
