namespace DeepColor.Color;

/// <summary>Reference white points (CIE 1931 2° observer), normalised to Y = 1.</summary>
public static class Illuminants
{
    /// <summary>
    /// D65 as used by scikit-image's <c>rgb2lab</c> (<c>xyz_ref_white</c> for "D65", "2"),
    /// so that our Lab values match the Python tools the seed project used.
    /// </summary>
    public static readonly Xyz D65 = new(0.95047f, 1.0f, 1.08883f);
}
