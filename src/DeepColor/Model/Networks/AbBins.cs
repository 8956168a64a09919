using DeepColor.Color;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>
/// The quantised a*b* gamut of Zhang et al. 2016: a 10-unit grid over a*b*, keeping the cells that
/// some sRGB colour reaches. Bins are computed, not stored, so a model file only records their count.
/// </summary>
public static class AbBins
{
    public const float GridStep = 10f;
    public const float GridLimit = 110f;

    private static readonly Lazy<float[]> Centres = new(ComputeCentres);

    /// <summary>Bin centres as [a0, b0, a1, b1, …].</summary>
    public static ReadOnlySpan<float> CentreValues => Centres.Value;

    public static int Count => Centres.Value.Length / 2;

    /// <summary>Centres as a [Q, 2] tensor in normalised units (÷128).</summary>
    public static Tensor CentresTensor()
    {
        using var centres = tensor(Centres.Value, [Count, 2]);
        return centres.DividedBy(Imaging.LabNormalization.AbScale);
    }

    private static float[] ComputeCentres()
    {
        int cells = (int)(2 * GridLimit / GridStep) + 1;
        var hit = new bool[cells, cells];
        // 48 levels per channel reaches every cell of the 10-unit grid that sRGB touches.
        const int levels = 48;
        for (int r = 0; r < levels; r++)
        for (int g = 0; g < levels; g++)
        for (int b = 0; b < levels; b++)
        {
            var lab = LabConverter.ToLab(new Srgb(r / (levels - 1f), g / (levels - 1f), b / (levels - 1f)));
            int ia = (int)MathF.Round((lab.A + GridLimit) / GridStep), ib = (int)MathF.Round((lab.B + GridLimit) / GridStep);
            if (ia >= 0 && ia < cells && ib >= 0 && ib < cells) hit[ia, ib] = true;
        }
        var centres = new List<float>();
        for (int ia = 0; ia < cells; ia++)
        for (int ib = 0; ib < cells; ib++)
            if (hit[ia, ib]) { centres.Add(ia * GridStep - GridLimit); centres.Add(ib * GridStep - GridLimit); }
        return centres.ToArray();
    }

    /// <summary>Index of the nearest bin for each pixel of normalised ab [N,2,H,W] → [N,H,W] (int64).</summary>
    public static Tensor Nearest(Tensor abNorm, Tensor centresNorm)
    {
        using var scope = NewDisposeScope();
        var flat = abNorm.permute(0, 2, 3, 1).reshape(-1, 2);
        var nearest = SquaredDistances(flat, centresNorm).argmin(1);
        return nearest.reshape(abNorm.shape[0], abNorm.shape[2], abNorm.shape[3]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Squared distance from each of the points [P,2] to each bin centre [Q,2] → [P,Q], as |p|² − 2p·c + |c|²
    /// (rounding can leave it a little below zero).
    /// </summary>
    internal static Tensor SquaredDistances(Tensor points, Tensor centresNorm) =>
        (points.Power(2).sum(1, keepdim: true) - points.matmul(centresNorm.t()).Times(2)).Plus(centresNorm.Power(2).sum(1).unsqueeze(0));

    /// <summary>Annealed mean (Zhang et al.): softmax(logits / T) weighted bin centres → normalised ab.</summary>
    public static Tensor AnnealedMean(Tensor logits, Tensor centresNorm, float temperature)
    {
        using var scope = NewDisposeScope();
        var p = nn.functional.softmax(logits.DividedBy(temperature), 1);
        var ab = einsum("nqhw,qc->nchw", p, centresNorm);
        return ab.MoveToOuterDisposeScope();
    }
}
