using DeepColor.Evaluation;
using DeepColor.Imaging;

namespace DeepColor.Tests.Evaluation;

public sealed class ContactSheetTests
{
    private static EvaluationReport Evaluate(int images, int? maxThumbnails = null)
    {
        var truths = Enumerable.Range(0, images)
            .Select(i => new EvaluationImage($"img{i}.png", TestImages.Solid(40, 30, 20, 60, (byte)(200 + i))))
            .ToList();
        var options = new EvaluationOptions { Size = null, ThumbnailHeight = 30, MaxThumbnails = maxThumbnails ?? 200 };
        return new Evaluator(options).Evaluate(truths, (img, _) => TestImages.Solid(img.Width, img.Height, 220, 30, 30), images);
    }

    private static (int R, int G, int B) At(RgbaImage image, int x, int y)
    {
        int o = (y * image.Width + x) * 4;
        return (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2]);
    }

    [Fact]
    public void Should_lay_out_gray_model_truth_triples_in_rows_of_the_given_width()
    {
        var sheet = new ContactSheet(columns: 2, gap: 8).Compose(Evaluate(3), count: 12);

        // Each triple: three 40×30 thumbnails with 2-px gaps = 124 wide; two per row, 8-px margins; 3 images → 2 rows.
        Assert.Equal(2 * 124 + 3 * 8, sheet.Width);
        Assert.Equal(2 * 30 + 3 * 8, sheet.Height);

        // The third image starts the second row: gray, then the model's red, then the truth's blue.
        int y = 8 + 30 + 8 + 15;
        var gray = At(sheet, 8 + 20, y);
        var model = At(sheet, 8 + 42 + 20, y);
        var truth = At(sheet, 8 + 84 + 20, y);
        Assert.True(Math.Abs(gray.R - gray.B) < 8 && Math.Abs(gray.G - gray.B) < 8, $"gray column is {gray}");
        Assert.True(model.R > 180 && model.B < 80, $"model column is {model}");
        Assert.True(truth.B > 170 && truth.R < 60, $"truth column is {truth}");
        // Space beside a missing fourth image stays white.
        Assert.Equal((255, 255, 255), At(sheet, sheet.Width - 20, y));
    }

    [Fact]
    public void Should_take_only_the_first_rows_that_kept_thumbnails()
    {
        var report = Evaluate(5, maxThumbnails: 3);

        var sheet = new ContactSheet(columns: 1, gap: 0).Compose(report, count: 4);

        Assert.Equal(3 * 30, sheet.Height);
        Assert.Equal(124, sheet.Width);
    }

    [Fact]
    public void Should_refuse_a_report_without_thumbnails()
    {
        var report = Evaluate(2, maxThumbnails: 0);

        var e = Assert.Throws<InvalidOperationException>(() => new ContactSheet().Compose(report));
        Assert.Contains("thumbnail", e.Message);
    }
}
