namespace DeepColor.Evaluation;

/// <summary>
/// <see cref="HueAccuracy"/> split by the truth's <see cref="HueFamily"/>, for one image or a pooled set. The one
/// hue-accuracy figure says how often a model misses; this says where: which truth colours it misses, and which
/// mean colour it paints there instead.
/// </summary>
public sealed class HueBreakdown
{
    private readonly HueFamilyTally[] _families;

    /// <param name="families">One tally per <see cref="HueFamily.All"/> entry, in its order.</param>
    public HueBreakdown(IReadOnlyList<HueFamilyTally> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        if (families.Count != HueFamily.All.Count)
            throw new ArgumentException($"one tally per hue family is needed ({HueFamily.All.Count}), got {families.Count}", nameof(families));
        _families = families.ToArray();
    }

    /// <summary>No pixel counted yet.</summary>
    public static HueBreakdown Empty { get; } = new(new HueFamilyTally[HueFamily.All.Count]);

    /// <summary>The tallies, in <see cref="HueFamily.All"/>'s order.</summary>
    public IReadOnlyList<HueFamilyTally> Families => _families;

    /// <summary>The families pooled: the plain hue-accuracy counts.</summary>
    public HueAccuracyResult Total => new(_families.Sum(f => f.Hits), _families.Sum(f => f.ColouredPixels));

    public static HueBreakdown operator +(HueBreakdown left, HueBreakdown right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new HueBreakdown(left._families.Zip(right._families, (a, b) => a + b).ToArray());
    }

    /// <summary>One row per family with at least one coloured pixel: its share of all coloured pixels, its hit rate and mean colours.</summary>
    public IReadOnlyList<HueFamilyScore> Scores()
    {
        long all = _families.Sum(f => f.ColouredPixels);
        var rows = new List<HueFamilyScore>();
        for (int i = 0; i < _families.Length; i++)
        {
            var t = _families[i];
            if (t.ColouredPixels == 0) continue;
            double n = t.ColouredPixels;
            var family = HueFamily.All[i];
            rows.Add(new HueFamilyScore(family.Name, family.FromDegrees, family.ToDegrees, t.ColouredPixels, n / all,
                t.Hits / n, t.TruthA / n, t.TruthB / n, t.PredictedA / n, t.PredictedB / n));
        }
        return rows;
    }
}
