using DeepColor.Evaluation;
using DeepColor.Imaging;

namespace DeepColor.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static readonly EvaluationImage[] Truths =
    [
        new("first.png", TestImages.Colourful(24, 16)),
        new("second.png", TestImages.Colourful(20, 20, seed: 2)),
    ];

    private static RgbaImage Identity(RgbaImage image, CancellationToken _) => image;

    /// <summary>Gives colourful images class 1 at 0.8 and grey ones class 0 at 0.9, so agreement and confidence are predictable.</summary>
    private sealed class ColourfulnessClassifier : IImageClassifier
    {
        public int Calls { get; private set; }

        public float[] Probabilities(RgbaImage image)
        {
            Calls++;
            return Colorfulness.Compute(image) > 5 ? [0.2f, 0.8f] : [0.9f, 0.1f];
        }
    }

    [Fact]
    public void Should_score_a_perfect_colorizer_perfectly_and_the_gray_baseline_below_it()
    {
        var evaluator = new Evaluator(new EvaluationOptions { Size = null, ModelName = "identity", Dataset = "synthetic" });

        var report = evaluator.Evaluate(Truths, Identity, Truths.Length);

        var m = report.Model;
        Assert.Equal(2, m.Images);
        Assert.Equal(Psnr.MaxDecibels, m.Psnr);
        Assert.Equal(1.0, m.Ssim, 10);
        Assert.Equal(0.0, m.AbMae);
        Assert.Equal(0.0, m.DeltaE2000);
        Assert.Equal(0.0, m.DeltaColorfulness, 10);
        Assert.Equal(1.0, m.HueAccuracy);
        Assert.Null(m.SemanticAgreement);

        var g = report.Gray;
        Assert.True(g.Psnr < m.Psnr);
        Assert.True(g.AbMae > 1);
        Assert.True(g.DeltaE2000 > 1);
        Assert.Equal(0.0, g.HueAccuracy);
        Assert.True(g.Colorfulness < 1, $"gray baseline colourfulness {g.Colorfulness}");
        Assert.Equal(g.TruthColorfulness - g.Colorfulness, g.DeltaColorfulness, 10);
        Assert.Equal(m.ColouredPixels, g.ColouredPixels);
        Assert.Equal(["first.png", "second.png"], report.Images.Select(r => r.Name));
        Assert.Equal(("identity", "synthetic", "full"), (report.ModelName, report.Dataset, report.Size));
    }

    [Fact]
    public void Should_build_the_gray_baseline_from_the_truths_own_lightness()
    {
        var truth = TestImages.Colourful(6, 5);

        var gray = Evaluator.GrayBaseline(truth);

        var truthLab = LabImage.FromRgba(truth);
        var grayLab = LabImage.FromRgba(gray);
        for (int i = 0; i < truthLab.L.Length; i++)
        {
            Assert.Equal(truthLab.L[i], grayLab.L[i], 0.5f);
            Assert.InRange(Math.Abs(grayLab.A[i]) + Math.Abs(grayLab.B[i]), 0f, 1f);
        }
    }

    [Fact]
    public void Should_resize_every_truth_to_the_protocol_size_before_colorizing()
    {
        var seen = new List<(int, int)>();
        var evaluator = new Evaluator(new EvaluationOptions { Size = 32 });

        var report = evaluator.Evaluate(Truths, (img, _) => { seen.Add((img.Width, img.Height)); return img; }, 2);

        Assert.Equal([(32, 32), (32, 32)], seen);
        Assert.All(report.Images, r => Assert.Equal((32, 32), (r.Width, r.Height)));
        Assert.Equal("32", report.Size);
    }

    [Fact]
    public void Should_score_semantic_agreement_with_the_given_classifier()
    {
        var classifier = new ColourfulnessClassifier();
        var evaluator = new Evaluator(new EvaluationOptions { Size = null }, classifier);

        var report = evaluator.Evaluate(Truths, Identity, 2);

        Assert.Equal(1.0, report.Model.SemanticAgreement);
        Assert.Equal(0.0, report.Gray.SemanticAgreement);
        Assert.Equal(6, classifier.Calls);
        Assert.All(report.Images, r => Assert.True(r.Model.SemanticMatch));
        // The truths are class 1: the identity keeps its 0.8 for it, the gray baseline gets 0.1.
        Assert.Equal(0.8, report.Model.SemanticConfidence!.Value, 6);
        Assert.Equal(0.1, report.Gray.SemanticConfidence!.Value, 6);
        Assert.All(report.Images, r => Assert.Equal(0.1, r.Gray.SemanticConfidence!.Value, 6));
    }

    [Fact]
    public void Should_score_the_truths_own_confidence_as_the_ceiling_whatever_the_colorizer_paints()
    {
        var evaluator = new Evaluator(new EvaluationOptions { Size = null }, new ColourfulnessClassifier());

        // A colorizer that paints nothing: it scores gray's 0.1, while the truths keep their own 0.8.
        var report = evaluator.Evaluate(Truths, (image, _) => Evaluator.GrayBaseline(image), 2);

        Assert.Equal(0.1, report.Model.SemanticConfidence!.Value, 6);
        Assert.Equal(0.8, report.Model.TruthSemanticConfidence!.Value, 6);
        Assert.Equal(0.8, report.Gray.TruthSemanticConfidence!.Value, 6);
        Assert.All(report.Images, r => Assert.Equal(0.8, r.TruthSemanticConfidence!.Value, 6));
        Assert.Null(new Evaluator(new EvaluationOptions { Size = null }).Evaluate(Truths, Identity, 2).Model.TruthSemanticConfidence);
    }

    [Fact]
    public void Should_report_monotonic_progress_ending_at_one()
    {
        var values = new List<double>();
        var evaluator = new Evaluator(new EvaluationOptions { Size = null });

        evaluator.Evaluate(Truths, Identity, 2, new SyncProgress(values.Add));

        Assert.Equal([0.0, 0.5, 1.0, 1.0], values);
    }

    [Fact]
    public void Should_stop_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var evaluator = new Evaluator(new EvaluationOptions { Size = null });

        Assert.Throws<OperationCanceledException>(() => evaluator.Evaluate(Truths, (img, _) => { cts.Cancel(); return img; }, 2, null, cts.Token));
    }

    [Fact]
    public void Should_name_the_image_when_the_colorizer_returns_the_wrong_size()
    {
        var evaluator = new Evaluator(new EvaluationOptions { Size = null });

        var e = Assert.Throws<InvalidOperationException>(() => evaluator.Evaluate(Truths, (_, _) => TestImages.Solid(3, 3, 0, 0, 0), 2));

        Assert.Contains("first.png", e.Message);
    }

    [Fact]
    public void Should_keep_thumbnails_only_for_the_first_rows()
    {
        var evaluator = new Evaluator(new EvaluationOptions { Size = null, MaxThumbnails = 1, ThumbnailHeight = 8 });

        var report = evaluator.Evaluate(Truths, Identity, 2);

        var thumbs = report.Images[0].Thumbnails;
        Assert.NotNull(thumbs);
        var decoded = ImageDecoder.Decode(thumbs.Prediction, "thumb");
        Assert.Equal((12, 8), (decoded.Width, decoded.Height));
        Assert.Null(report.Images[1].Thumbnails);
    }

    [Fact]
    public void Should_refuse_an_empty_set()
    {
        Assert.Throws<InvalidOperationException>(() => new Evaluator().Evaluate([], Identity, 0));
    }

    [Fact]
    public void Should_carry_the_datasets_skipped_entries_into_the_report()
    {
        string dir = Directory.CreateTempSubdirectory("deepcolor-eval-").FullName;
        try
        {
            ImageEncoder.Save(TestImages.Colourful(10, 10), Path.Combine(dir, "good.png"), ImageFormat.Png);
            File.WriteAllBytes(Path.Combine(dir, "bad.png"), [0]);

            var report = new Evaluator(new EvaluationOptions { Size = null }).Evaluate(EvaluationDataset.Open(dir), Identity);

            Assert.Equal("bad.png", Assert.Single(report.Skipped).Name);
            Assert.Equal("good.png", Assert.Single(report.Images).Name);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
