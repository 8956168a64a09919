using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using DeepColor.Evaluation;
using DeepColor.Imaging;

namespace DeepColor.Tests.Evaluation;

public sealed class EvaluationReportWritersTests
{
    private static EvaluationReport MakeReport(IImageClassifier? classifier = null, string name = "a<b>&\"c\".png") =>
        new Evaluator(new EvaluationOptions { Size = null, ModelName = "m<1>", Dataset = "set" }, classifier)
            .Evaluate([new EvaluationImage(name, TestImages.Colourful(16, 12)), new EvaluationImage("plain.png", TestImages.Colourful(12, 12, 1))],
                (img, _) => img, 2);

    [Fact]
    public void Should_round_trip_the_report_through_camel_case_json_without_thumbnails()
    {
        var report = MakeReport();

        string json = EvaluationJson.Serialize(report);
        var back = EvaluationJson.Deserialize(json);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(EvaluationReport.CurrentSchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("m<1>", root.GetProperty("modelName").GetString());
        Assert.True(root.GetProperty("gray").TryGetProperty("deltaE2000", out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("model").GetProperty("semanticAgreement").ValueKind);
        Assert.False(root.GetProperty("images")[0].TryGetProperty("thumbnails", out _));
        Assert.DoesNotContain("base64", json);
        Assert.Equal(report.Model, back.Model);
        Assert.Equal(report.Images[1].Gray, back.Images[1].Gray);
        Assert.Equal(report.CreatedUtc, back.CreatedUtc);
    }

    [Fact]
    public void Should_render_well_formed_self_contained_html_with_escaped_names()
    {
        var report = MakeReport();

        string html = EvaluationHtml.Render(report);

        var doc = XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        var images = doc.Descendants("img").ToList();
        Assert.Equal(6, images.Count);
        Assert.All(images, img => Assert.StartsWith("data:image/jpeg;base64,", (string?)img.Attribute("src")));
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("a&lt;b&gt;&amp;&quot;c&quot;.png", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("gray baseline", html);
        Assert.DoesNotContain("semantic agreement", html);
        Assert.DoesNotContain("semantic confidence", html);
    }

    [Fact]
    public void Should_show_semantic_agreement_only_when_a_classifier_was_used()
    {
        var report = MakeReport(new FixedClassifier());

        string html = EvaluationHtml.Render(report);

        Assert.Contains("semantic agreement", html);
        Assert.Contains("semantic confidence", html);
        Assert.Contains("(truth 1.000)", html);
        Assert.Contains("same class", html);
        var back = EvaluationJson.Deserialize(EvaluationJson.Serialize(report));
        Assert.Equal(1.0, back.Model.TruthSemanticConfidence);
        Assert.Equal(1.0, back.Images[0].TruthSemanticConfidence);
        Assert.Contains("\"truthSemanticConfidence\":1", MetricsJsonl.FormatLine(report.Model));
    }

    [Fact]
    public void Should_write_the_html_and_json_files()
    {
        string dir = Directory.CreateTempSubdirectory("deepcolor-report-").FullName;
        try
        {
            var report = MakeReport();
            EvaluationHtml.Write(report, Path.Combine(dir, "out", "r.html"));
            EvaluationJson.Write(report, Path.Combine(dir, "out", "r.json"));

            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(dir, "out", "r.html")));
            Assert.Equal(report.Model, EvaluationJson.Deserialize(File.ReadAllText(Path.Combine(dir, "out", "r.json"))).Model);
            Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "out")).Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_write_one_json_object_per_metrics_line()
    {
        string dir = Directory.CreateTempSubdirectory("deepcolor-jsonl-").FullName;
        try
        {
            var report = MakeReport();
            string path = Path.Combine(dir, "metrics.jsonl");

            MetricsJsonl.Append(path, report.Model, step: 1200, epoch: 3, extra: [new("loss", 0.25), new("lr", double.NaN)]);
            MetricsJsonl.Append(path, report.Gray);

            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal(1200, first.RootElement.GetProperty("step").GetInt64());
            Assert.Equal(3, first.RootElement.GetProperty("epoch").GetInt32());
            Assert.Equal(report.Model.Psnr, first.RootElement.GetProperty("psnr").GetDouble());
            Assert.Equal(0.25, first.RootElement.GetProperty("loss").GetDouble());
            Assert.Equal("NaN", first.RootElement.GetProperty("lr").GetString());
            Assert.False(first.RootElement.TryGetProperty("semanticAgreement", out _));
            using var second = JsonDocument.Parse(lines[1]);
            Assert.False(second.RootElement.TryGetProperty("step", out _));
            Assert.Equal(0.0, second.RootElement.GetProperty("hueAccuracy").GetDouble());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class FixedClassifier : IImageClassifier
    {
        public float[] Probabilities(RgbaImage image) => [0, 0, 0, 0, 0, 0, 0, 1];
    }
}
