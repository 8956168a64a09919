using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class HueBreakdownTests
{
    [Theory]
    [InlineData(0, "red")]
    [InlineData(29.9, "red")]
    [InlineData(30, "orange–yellow")]
    [InlineData(135, "yellow-green")]
    [InlineData(180, "green")]
    [InlineData(250, "blue")]
    [InlineData(359.9, "purple")]
    [InlineData(-10, "purple")]
    [InlineData(370, "red")]
    public void Should_place_an_angle_in_its_family_wrapping_around_the_circle(double degrees, string family)
    {
        Assert.Equal(family, HueFamily.All[HueFamily.IndexOf(degrees)].Name);
    }

    [Fact]
    public void Should_split_hits_and_mean_colours_by_the_truth_hue()
    {
        // Two foliage pixels painted olive (one close enough to hit), one sky pixel hit, one neutral pixel ignored.
        var truth = TestImages.Lab(4, 1, TestImages.Polar(30, 135), TestImages.Polar(30, 135), TestImages.Polar(20, 260), TestImages.Polar(3, 135));
        var prediction = TestImages.Lab(4, 1, TestImages.Polar(20, 95), TestImages.Polar(20, 115), TestImages.Polar(20, 250), TestImages.Polar(30, 0));

        var breakdown = HueAccuracy.Breakdown(prediction, truth);

        var green = breakdown.Families[HueFamily.IndexOf(135)];
        var blue = breakdown.Families[HueFamily.IndexOf(260)];
        Assert.Equal(2, green.ColouredPixels);
        Assert.Equal(1, green.Hits);
        Assert.Equal(1, blue.ColouredPixels);
        Assert.Equal(1, blue.Hits);
        Assert.Equal(3, breakdown.Families.Sum(f => f.ColouredPixels));
        Assert.Equal(HueAccuracy.Compute(prediction, truth), breakdown.Total);

        var scores = breakdown.Scores();
        Assert.Equal(["yellow-green", "blue"], scores.Select(s => s.Name));
        var foliage = scores[0];
        Assert.Equal(2.0 / 3, foliage.Share, 12);
        Assert.Equal(0.5, foliage.HueAccuracy, 12);
        Assert.Equal(30 * Math.Cos(135 * Math.PI / 180), foliage.TruthA, 4);
        Assert.Equal(20 * (Math.Cos(95 * Math.PI / 180) + Math.Cos(115 * Math.PI / 180)) / 2, foliage.PredictedA, 4);
        Assert.Equal(20 * (Math.Sin(95 * Math.PI / 180) + Math.Sin(115 * Math.PI / 180)) / 2, foliage.PredictedB, 4);
    }

    [Fact]
    public void Should_pool_images_family_by_family()
    {
        var first = HueAccuracy.Breakdown(TestImages.Lab(1, 1, TestImages.Polar(20, 10)), TestImages.Lab(1, 1, TestImages.Polar(20, 10)));
        var second = HueAccuracy.Breakdown(TestImages.Lab(2, 1, TestImages.Polar(20, 200), TestImages.Polar(20, 20)), TestImages.Lab(2, 1, TestImages.Polar(20, 20), TestImages.Polar(20, 20)));

        var pooled = first + second;

        var red = pooled.Families[HueFamily.IndexOf(10)];
        Assert.Equal(3, red.ColouredPixels);
        Assert.Equal(2, red.Hits);
        Assert.Equal(new HueAccuracyResult(2, 3), pooled.Total);
        Assert.Equal(new HueAccuracyResult(0, 0), HueBreakdown.Empty.Total);
        Assert.Empty(HueBreakdown.Empty.Scores());
    }

    [Fact]
    public void Should_refuse_a_tally_list_that_does_not_match_the_families()
    {
        Assert.Throws<ArgumentException>(() => new HueBreakdown(new HueFamilyTally[2]));
    }

    [Fact]
    public void Should_report_the_families_with_swatches_in_json_and_html()
    {
        var report = new Evaluator(new EvaluationOptions { Size = null, ModelName = "m", Dataset = "set" })
            .Evaluate([new EvaluationImage("a.png", TestImages.Colourful(16, 12))], (img, _) => img, 1);

        Assert.NotEmpty(report.HueFamilies);
        Assert.Equal(1.0, report.HueFamilies.Sum(f => f.Share), 9);
        // The identity colorizer paints every coloured pixel its own colour.
        Assert.All(report.HueFamilies, f =>
        {
            Assert.Equal(f.TruthA, f.PredictedA, 9);
            Assert.Equal(f.TruthSwatch, f.PredictedSwatch);
            Assert.Matches("^#[0-9a-f]{6}$", f.TruthSwatch);
        });
        var back = EvaluationJson.Deserialize(EvaluationJson.Serialize(report));
        Assert.Equal(report.HueFamilies, back.HueFamilies);
        string html = EvaluationHtml.Render(report);
        Assert.Contains("Where the hues go", html);
        Assert.Contains("class=\"swatch\" style=\"background:" + report.HueFamilies[0].TruthSwatch, html);
    }
}
