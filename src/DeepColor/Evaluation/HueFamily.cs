namespace DeepColor.Evaluation;

/// <summary>
/// A named span of truth hue angles (CIE Lab h_ab, degrees from +a* towards +b*), from
/// <paramref name="FromDegrees"/> inclusive to <paramref name="ToDegrees"/> exclusive.
/// </summary>
public sealed record HueFamily(string Name, double FromDegrees, double ToDegrees)
{
    /// <summary>
    /// The spans follow what photos hold rather than equal angles: skin, wood and sand share orange–yellow,
    /// foliage sits in yellow-green, sky and water in blue. So one row pools surfaces a colorizer confuses alike,
    /// and "greens come out olive" reads straight off the table.
    /// </summary>
    public static IReadOnlyList<HueFamily> All { get; } =
    [
        new("red", 0, 30),
        new("orange–yellow", 30, 90),
        new("yellow-green", 90, 150),
        new("green", 150, 210),
        new("blue", 210, 300),
        new("purple", 300, 360),
    ];

    /// <summary>The name as an identifier-like key ("orange_yellow"), for metric names in logs and JSON lines.</summary>
    public string Key => KeyOf(Name);

    /// <summary>Letters and digits kept, anything else an underscore.</summary>
    public static string KeyOf(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>Index into <see cref="All"/> of the family holding <paramref name="degrees"/> (any angle; it is wrapped into 0–360).</summary>
    public static int IndexOf(double degrees)
    {
        double h = degrees % 360.0;
        if (h < 0) h += 360.0;
        for (int i = 0; i < All.Count; i++)
            if (h < All[i].ToDegrees) return i;
        // Only rounding can put h at 360 itself, which is the first family's 0.
        return 0;
    }
}
