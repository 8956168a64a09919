using DeepColor.Imaging;
using DeepColor.Model;
using static TorchSharp.torch;

namespace DeepColor.Color;

/// <summary>
/// Lab → sRGB on tensors, differentiable, with the formulas and constants of <see cref="LabConverter"/>'s scalar
/// path. A network that predicts a*b* can then be judged on the colour image it paints, through another
/// network, with the gradient flowing back to a*b*.
/// </summary>
public static class LabTensors
{
    /// <summary>The network's L* (<see cref="LabNormalization"/>'s −1…1) back to CIE L* (0–100).</summary>
    public static Tensor DenormalizeL(Tensor l) => l.Plus(1.0).Times(LabNormalization.LScale);

    /// <summary>The network's L* and a*b* as one Lab tensor [N,3,H,W] in CIE units, ready for <see cref="ToSrgb"/>.</summary>
    public static Tensor FromNetwork(Tensor l, Tensor ab) => cat([DenormalizeL(l), ab.Times(LabNormalization.AbScale)], 1);

    /// <summary>L* (0–100) → relative luminance Y, white = 1.</summary>
    public static Tensor LightnessToLuminance(Tensor lightness) => FInverse(lightness.Plus(16.0).DividedBy(116.0));

    /// <summary>Linear → gamma-encoded sRGB, clipped to [0, 1] first (out-of-gamut values get no gradient).</summary>
    public static Tensor Compress(Tensor linear)
    {
        var c = linear.ClampTo(0.0, 1.0);
        // where() differentiates both branches; near 0 the power's slope is infinite, and ∞·0 is NaN, so the
        // power only ever sees values on its own side of the threshold.
        var curved = c.ClampMin(CieConstants.SrgbLinearInverseThreshold).Power(1 / CieConstants.SrgbGamma)
            .Times(1 + CieConstants.SrgbOffset).Plus(-CieConstants.SrgbOffset);
        return where(c.GreaterOrEqual(CieConstants.SrgbLinearInverseThreshold), curved, c.Times(CieConstants.SrgbLinearSlope));
    }

    /// <summary>
    /// Lab as [N,3,H,W] (L* 0–100, a* and b* in CIE units) → gamma-encoded sRGB [N,3,H,W] in R, G, B order, 0–1,
    /// under D65 as <see cref="LabConverter.ToSrgb(Lab)"/>.
    /// </summary>
    public static Tensor ToSrgb(Tensor lab)
    {
        if (lab.dim() != 4 || lab.shape[1] != 3) throw new ArgumentException($"expected Lab as [N,3,H,W], got [{string.Join(",", lab.shape)}]");
        using var scope = NewDisposeScope();
        var fy = lab.narrow(1, 0, 1).Plus(16.0).DividedBy(116.0);
        var fx = lab.narrow(1, 1, 1).DividedBy(500.0).Plus(fy);
        var fz = fy.Plus(lab.narrow(1, 2, 1).DividedBy(-200.0)).ClampMin(0.0);
        var white = Illuminants.D65;
        var x = FInverse(fx).Times(white.X);
        var y = FInverse(fy).Times(white.Y);
        var z = FInverse(fz).Times(white.Z);
        var m = CieConstants.RgbFromXyz;
        var channels = new Tensor[3];
        for (int row = 0; row < 3; row++)
            channels[row] = Compress(x.Times(m[row, 0]).Plus(y.Times(m[row, 1])).Plus(z.Times(m[row, 2])));
        return cat(channels, 1).MoveToOuterDisposeScope();
    }

    private static Tensor FInverse(Tensor t) =>
        where(t.GreaterOrEqual(CieConstants.InverseThreshold), t.Power(3.0), t.Plus(-CieConstants.LinearOffset).DividedBy(CieConstants.LinearSlope));
}
