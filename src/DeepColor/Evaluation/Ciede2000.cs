using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// CIEDE2000 colour difference with kL = kC = kH = 1, following G. Sharma, W. Wu, E. N. Dalal,
/// "The CIEDE2000 color-difference formula: implementation notes, supplementary test data, and
/// mathematical observations", Color Research and Application 30(1), 2005, equations (1)–(17).
/// </summary>
public static class Ciede2000
{
    private const double Pow25To7 = 6103515625.0; // 25^7
    private const double DegToRad = Math.PI / 180.0;

    /// <summary>ΔE00 between two Lab colours.</summary>
    public static double DeltaE(Lab first, Lab second) =>
        DeltaE(first.L, first.A, first.B, second.L, second.A, second.B);

    /// <summary>ΔE00 between (l1, a1, b1) and (l2, a2, b2).</summary>
    public static double DeltaE(double l1, double a1, double b1, double l2, double a2, double b2)
    {
        // (2)–(7): a* is stretched by G so near-neutral blues get their perceived hue shift.
        double c1 = Math.Sqrt(a1 * a1 + b1 * b1);
        double c2 = Math.Sqrt(a2 * a2 + b2 * b2);
        double cMean = 0.5 * (c1 + c2);
        double cMean7 = Pow7(cMean);
        double g = 0.5 * (1.0 - Math.Sqrt(cMean7 / (cMean7 + Pow25To7)));
        double a1p = (1.0 + g) * a1, a2p = (1.0 + g) * a2;
        double c1p = Math.Sqrt(a1p * a1p + b1 * b1);
        double c2p = Math.Sqrt(a2p * a2p + b2 * b2);
        double h1p = HueDegrees(b1, a1p);
        double h2p = HueDegrees(b2, a2p);

        // (8)–(11)
        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double cProduct = c1p * c2p;
        double dhp = 0;
        if (cProduct != 0)
        {
            dhp = h2p - h1p;
            if (dhp > 180) dhp -= 360;
            else if (dhp < -180) dhp += 360;
        }
        double dHp = 2.0 * Math.Sqrt(cProduct) * Math.Sin(0.5 * dhp * DegToRad);

        // (12)–(17)
        double lMeanP = 0.5 * (l1 + l2);
        double cMeanP = 0.5 * (c1p + c2p);
        double hMeanP;
        if (cProduct == 0) hMeanP = h1p + h2p;
        else if (Math.Abs(h1p - h2p) <= 180) hMeanP = 0.5 * (h1p + h2p);
        else if (h1p + h2p < 360) hMeanP = 0.5 * (h1p + h2p + 360);
        else hMeanP = 0.5 * (h1p + h2p - 360);

        double t = 1
            - 0.17 * Math.Cos((hMeanP - 30) * DegToRad)
            + 0.24 * Math.Cos(2 * hMeanP * DegToRad)
            + 0.32 * Math.Cos((3 * hMeanP + 6) * DegToRad)
            - 0.20 * Math.Cos((4 * hMeanP - 63) * DegToRad);
        double dTheta = 30 * Math.Exp(-Math.Pow((hMeanP - 275) / 25, 2));
        double cMeanP7 = Pow7(cMeanP);
        double rc = 2 * Math.Sqrt(cMeanP7 / (cMeanP7 + Pow25To7));
        double l50 = (lMeanP - 50) * (lMeanP - 50);
        double sl = 1 + 0.015 * l50 / Math.Sqrt(20 + l50);
        double sc = 1 + 0.045 * cMeanP;
        double sh = 1 + 0.015 * cMeanP * t;
        double rt = -Math.Sin(2 * dTheta * DegToRad) * rc;

        double tl = dLp / sl, tc = dCp / sc, th = dHp / sh;
        return Math.Sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    /// <summary>Mean ΔE00 over all pixels of two Lab images.</summary>
    public static double Mean(LabImage prediction, LabImage truth)
    {
        MetricGuard.SameSize(prediction, truth);
        double sum = 0;
        for (int i = 0; i < truth.L.Length; i++)
            sum += DeltaE(prediction.L[i], prediction.A[i], prediction.B[i], truth.L[i], truth.A[i], truth.B[i]);
        return sum / truth.L.Length;
    }

    private static double Pow7(double x)
    {
        double x2 = x * x;
        return x2 * x2 * x2 * x;
    }

    /// <summary>Hue angle in degrees, 0–360, and 0 for a neutral colour as (7) requires.</summary>
    private static double HueDegrees(double b, double aPrime)
    {
        if (b == 0 && aPrime == 0) return 0;
        double h = Math.Atan2(b, aPrime) / DegToRad;
        return h < 0 ? h + 360 : h;
    }
}
