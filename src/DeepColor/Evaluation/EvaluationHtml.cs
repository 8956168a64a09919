using System.Globalization;
using System.Net;
using System.Text;

namespace DeepColor.Evaluation;

/// <summary>
/// Renders an <see cref="EvaluationReport"/> as one self-contained HTML page: inline CSS, thumbnails
/// as base64 data URIs, no scripts and no external resources, so it can be mailed or archived as
/// is. The markup is also well-formed XML (every tag closed, every attribute quoted, only numeric
/// character references), which keeps it parseable by tests and tools.
/// </summary>
public static class EvaluationHtml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the page atomically, creating the folder if needed.</summary>
    public static void Write(EvaluationReport report, string path) => ReportFile.WriteAllText(path, Render(report));

    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        html.Append("<title>").Append(E($"DeepColor evaluation: {report.ModelName} on {report.Dataset}")).Append("</title>\n");
        html.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>DeepColor evaluation</h1>\n<dl>\n");
        Term(html, "model", report.ModelName);
        Term(html, "data", report.Dataset);
        Term(html, "protocol", report.Size == "full" ? "full size" : $"resized to {report.Size}×{report.Size}");
        Term(html, "images", $"{report.Model.Images} scored, {report.Skipped.Count} skipped");
        if (report.Classifier is not null) Term(html, "classifier", report.Classifier);
        Term(html, "created", report.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Inv));
        html.Append("</dl>\n");

        Summary(html, report);
        HueFamilies(html, report);
        Rows(html, report);
        Skipped(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private const string Css =
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}" +
        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:middle}" +
        "th{background:#f3f3f3}td.name,th.name{text-align:left;max-width:22em;overflow-wrap:anywhere}" +
        "td.better{font-weight:bold;background:#e8f5e9}span.gray{color:#888;font-size:85%}" +
        "img{height:128px;display:block}dl{display:grid;grid-template-columns:max-content auto;gap:2px 1em}" +
        "dt{font-weight:bold}dd{margin:0}" +
        "span.swatch{display:inline-block;width:1.1em;height:1.1em;margin-right:6px;vertical-align:middle;border:1px solid #999}";

    private static void Summary(StringBuilder html, EvaluationReport report)
    {
        var m = report.Model;
        var g = report.Gray;
        html.Append("<h2>Summary</h2>\n<table>\n<tr><th class=\"name\">metric</th><th>model</th><th>gray baseline</th></tr>\n");
        SummaryRow(html, "PSNR (dB) ↑", m.Psnr, g.Psnr, higherIsBetter: true, "F2");
        SummaryRow(html, "SSIM ↑", m.Ssim, g.Ssim, higherIsBetter: true, "F4");
        SummaryRow(html, "ΔCF ↓", m.DeltaColorfulness, g.DeltaColorfulness, higherIsBetter: false, "F2");
        SummaryRow(html, "colourfulness (truth " + m.TruthColorfulness.ToString("F2", Inv) + ")", m.Colorfulness, g.Colorfulness, higherIsBetter: null, "F2");
        SummaryRow(html, "a*b* MAE ↓", m.AbMae, g.AbMae, higherIsBetter: false, "F3");
        SummaryRow(html, "ΔE2000 ↓", m.DeltaE2000, g.DeltaE2000, higherIsBetter: false, "F3");
        SummaryRow(html, $"hue accuracy ↑ ({m.ColouredPixels:N0} coloured px)", m.HueAccuracy, g.HueAccuracy, higherIsBetter: true, "P1");
        if (m.SemanticAgreement is not null || g.SemanticAgreement is not null)
            SummaryRow(html, "semantic agreement ↑", m.SemanticAgreement, g.SemanticAgreement, higherIsBetter: true, "P1");
        if (m.SemanticConfidence is not null || g.SemanticConfidence is not null)
            SummaryRow(html, "semantic confidence ↑" + (m.TruthSemanticConfidence is double t ? " (truth " + t.ToString("F3", Inv) + ")" : ""), m.SemanticConfidence, g.SemanticConfidence, higherIsBetter: true, "F3");
        html.Append("</table>\n");
    }

    private static void HueFamilies(StringBuilder html, EvaluationReport report)
    {
        if (report.HueFamilies.Count == 0) return;
        html.Append("<h2>Where the hues go</h2>\n<p>Coloured truth pixels (C*ab ≥ ")
            .Append(HueAccuracy.MinTruthChroma.ToString(Inv)).Append(") by their hue: each family's share of them, the model's hue accuracy there, ")
            .Append("and the mean a*b* of the truth and of the prediction over the same pixels, painted at L* ")
            .Append(HueFamilyScore.SwatchLightness.ToString(Inv)).Append(". A prediction pulled towards one colour shows as predicted swatches alike across rows.</p>\n");
        html.Append("<table>\n<tr><th class=\"name\">truth hue</th><th>h_ab</th><th>share</th><th>hue acc.</th><th>mean truth a*, b*</th><th>mean prediction a*, b*</th></tr>\n");
        foreach (var f in report.HueFamilies)
        {
            html.Append("<tr><td class=\"name\">").Append(E(f.Name)).Append("</td><td>")
                .Append(E(FormattableString.Invariant($"{f.FromDegrees:0}–{f.ToDegrees:0}°"))).Append("</td><td>")
                .Append(Number(f.Share, "P1")).Append("</td><td>").Append(Number(f.HueAccuracy, "P1")).Append("</td>");
            Swatch(html, f.TruthSwatch, f.TruthA, f.TruthB);
            Swatch(html, f.PredictedSwatch, f.PredictedA, f.PredictedB);
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Swatch(StringBuilder html, string hex, double a, double b) =>
        html.Append("<td><span class=\"swatch\" style=\"background:").Append(hex).Append("\"></span>")
            .Append(E(FormattableString.Invariant($"{a:0.0;-0.0;0.0}, {b:0.0;-0.0;0.0}"))).Append("</td>");

    private static void SummaryRow(StringBuilder html, string label, double? model, double? gray, bool? higherIsBetter, string format)
    {
        bool modelBetter = false, grayBetter = false;
        if (higherIsBetter is bool up && model is double a && gray is double b && a != b)
        {
            modelBetter = up ? a > b : a < b;
            grayBetter = !modelBetter;
        }
        html.Append("<tr><td class=\"name\">").Append(E(label)).Append("</td>");
        Cell(html, model, format, modelBetter);
        Cell(html, gray, format, grayBetter);
        html.Append("</tr>\n");
    }

    private static void Cell(StringBuilder html, double? value, string format, bool better)
    {
        html.Append(better ? "<td class=\"better\">" : "<td>").Append(Number(value, format)).Append("</td>");
    }

    private static void Rows(StringBuilder html, EvaluationReport report)
    {
        bool semantic = report.Images.Any(r => r.Model.SemanticMatch is not null);
        html.Append("<h2>Images</h2>\n<p>Each metric cell shows the model, then <span class=\"gray\">the gray baseline</span>.</p>\n");
        html.Append("<table>\n<tr><th class=\"name\">image</th><th>gray</th><th>prediction</th><th>truth</th>")
            .Append("<th>PSNR</th><th>SSIM</th><th>CF (truth)</th><th>a*b* MAE</th><th>ΔE2000</th><th>hue acc.</th>");
        if (semantic) html.Append("<th>same class</th>");
        html.Append("</tr>\n");
        foreach (var row in report.Images)
        {
            html.Append("<tr><td class=\"name\">").Append(E(row.Name)).Append("<br /><span class=\"gray\">")
                .Append(row.Width.ToString(Inv)).Append('×').Append(row.Height.ToString(Inv)).Append("</span></td>");
            var t = row.Thumbnails;
            Thumb(html, t?.Gray, "gray");
            Thumb(html, t?.Prediction, "prediction");
            Thumb(html, t?.Truth, "truth");
            Pair(html, Number(row.Model.Psnr, "F2"), Number(row.Gray.Psnr, "F2"));
            Pair(html, Number(row.Model.Ssim, "F4"), Number(row.Gray.Ssim, "F4"));
            Pair(html, Number(row.Model.Colorfulness, "F1") + " (" + Number(row.TruthColorfulness, "F1") + ")", Number(row.Gray.Colorfulness, "F1"));
            Pair(html, Number(row.Model.AbMae, "F2"), Number(row.Gray.AbMae, "F2"));
            Pair(html, Number(row.Model.DeltaE2000, "F2"), Number(row.Gray.DeltaE2000, "F2"));
            Pair(html, Number(row.Model.HueAccuracy, "P0"), Number(row.Gray.HueAccuracy, "P0"));
            if (semantic) Pair(html, YesNo(row.Model.SemanticMatch), YesNo(row.Gray.SemanticMatch));
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Skipped(StringBuilder html, EvaluationReport report)
    {
        if (report.Skipped.Count == 0) return;
        html.Append("<h2>Skipped</h2>\n<ul>\n");
        foreach (var s in report.Skipped)
            html.Append("<li>").Append(E(s.Name)).Append(": ").Append(E(s.Reason)).Append("</li>\n");
        html.Append("</ul>\n");
    }

    private static void Thumb(StringBuilder html, byte[]? jpeg, string alt)
    {
        html.Append("<td>");
        if (jpeg is not null)
            html.Append("<img alt=\"").Append(alt).Append("\" src=\"data:image/jpeg;base64,").Append(Convert.ToBase64String(jpeg)).Append("\" />");
        html.Append("</td>");
    }

    private static void Pair(StringBuilder html, string model, string gray) =>
        html.Append("<td>").Append(model).Append("<br /><span class=\"gray\">").Append(gray).Append("</span></td>");

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static string Number(double? value, string format) => value is double v ? E(v.ToString(format, Inv)) : "–";

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "–" };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
