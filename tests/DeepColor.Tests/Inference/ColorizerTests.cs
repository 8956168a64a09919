using DeepColor.Color;
using DeepColor.Imaging;
using DeepColor.Inference;
using SkiaSharp;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Inference;

public sealed class ColorizerTests
{
    [Fact]
    public void Should_keep_size_orientation_and_alpha_of_a_non_square_image()
    {
        // Given a wide image with a varying alpha channel
        var input = TestImages.GrayRamp(150, 60, withAlpha: true);
        using var colorizer = FakeAbPredictor.CreateColorizer(options: new ColorizerOptions { RenderSize = 64 });

        // When it is colorized
        var result = colorizer.Colorize(input);

        // Then the output is W×H (not transposed, not render size) with the input's alpha byte for byte
        Assert.Equal(150, result.Image.Width);
        Assert.Equal(60, result.Image.Height);
        Assert.True(result.Image.HasAlpha);
        for (int i = 3; i < input.Pixels.Length; i += 4) Assert.Equal(input.Pixels[i], result.Image.Pixels[i]);
        Assert.Equal((64, 24), (result.RenderWidth, result.RenderHeight));
    }

    [Fact]
    public void Should_keep_the_input_lightness_at_full_resolution()
    {
        // Given a gray ramp and a model predicting a modest, in-gamut tint
        var input = TestImages.GrayRamp(200, 120, low: 60, high: 200);
        using var colorizer = FakeAbPredictor.CreateColorizer(new FakeAbPredictor((_, _, _, _) => (0.1f, 0.15f)), new ColorizerOptions { RenderSize = 32 });

        // When it is colorized
        var result = colorizer.Colorize(input);

        // Then L* of every output pixel matches the input's within rounding, and the output is coloured
        var before = LabImage.FromRgba(input);
        var after = LabImage.FromRgba(result.Image);
        float maxDiff = 0;
        for (int i = 0; i < before.L.Length; i++) maxDiff = MathF.Max(maxDiff, MathF.Abs(before.L[i] - after.L[i]));
        Assert.True(maxDiff <= 1.0f, $"max L* difference {maxDiff}");
        Assert.InRange(after.A.Average(), 10.0, 15.0);
        Assert.InRange(after.B.Average(), 16.0, 22.0);
        Assert.False(result.WasAlreadyColour);
    }

    [Fact]
    public void Should_not_change_the_caller_image()
    {
        var input = TestImages.GrayRamp(40, 30);
        var copy = (byte[])input.Pixels.Clone();
        using var colorizer = FakeAbPredictor.CreateColorizer(options: new ColorizerOptions { RenderSize = 16 });

        var result = colorizer.Colorize(input);

        Assert.Equal(copy, input.Pixels);
        Assert.NotSame(input, result.Image);
    }

    [Fact]
    public void Should_pass_the_prediction_through_unchanged_when_the_image_is_at_render_size()
    {
        // Given an image exactly at render size and a model predicting a horizontal a* ramp
        var input = TestImages.GrayRamp(32, 16, low: 110, high: 130);
        var fake = new FakeAbPredictor((x, _, w, _) => (-0.2f + 0.4f * x / (w - 1), 0f));
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 32 });

        // When it is colorized
        var result = colorizer.Colorize(input);

        // Then the model saw normalised L* at 32×16 and the output's a* follows the prediction
        var call = Assert.Single(fake.Calls);
        Assert.Equal((32, 16), (call.Width, call.Height));
        var lab = LabImage.FromRgba(input);
        Assert.Equal(lab.L[5] / 50f - 1f, call.LNorm[5], 4);
        var output = LabImage.FromRgba(result.Image);
        for (int x = 0; x < 32; x++)
            Assert.Equal(128f * (-0.2f + 0.4f * x / 31), output.A[8 * 32 + x], 1.5f);
    }

    [Fact]
    public void Should_upsample_ab_bilinearly_with_half_pixel_centres()
    {
        // Given a render of 2 columns [−0.25, +0.25] upsampled to 8 columns
        var axis = new BilinearAxis(2, 8);

        // Then the taps follow align_corners=false: clamped at the borders, linear in between
        float[] src = [-0.25f, 0.25f];
        var values = Enumerable.Range(0, 8).Select(i => src[axis.Low[i]] + (src[axis.High[i]] - src[axis.Low[i]]) * axis.Weight[i]).ToArray();
        float[] expected = [-0.25f, -0.25f, -0.1875f, -0.0625f, 0.0625f, 0.1875f, 0.25f, 0.25f];
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], values[i], 5);
    }

    [Fact]
    public void Should_report_colour_input_and_still_use_its_lightness()
    {
        var input = TestImages.Colourful(64, 32);
        using var colorizer = FakeAbPredictor.CreateColorizer(new FakeAbPredictor((_, _, _, _) => (0f, 0f)), new ColorizerOptions { RenderSize = 32 });

        var result = colorizer.Colorize(input);

        Assert.True(result.WasAlreadyColour);
        Assert.True(result.MeanInputChroma > 20);
        // With a neutral prediction the output is the input's lightness in gray.
        var output = LabImage.FromRgba(result.Image);
        Assert.All(output.A, a => Assert.InRange(a, -1.5f, 1.5f));
    }

    [Fact]
    public void Should_give_the_extractor_a_neutral_gray_render_even_for_colour_input()
    {
        var fake = new FakeAbPredictor(needsGray: true);
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 32 });

        colorizer.Colorize(TestImages.Colourful(64, 64));

        var gray = Assert.Single(fake.Calls).Gray;
        Assert.NotNull(gray);
        Assert.Equal((32, 32), (gray.Width, gray.Height));
        for (int i = 0; i < gray.Pixels.Length; i += 4)
        {
            Assert.InRange(gray.Pixels[i] - gray.Pixels[i + 1], -1, 1);
            Assert.InRange(gray.Pixels[i + 1] - gray.Pixels[i + 2], -1, 1);
        }
    }

    [Fact]
    public void Should_give_the_same_result_for_file_stream_bitmap_and_image_inputs()
    {
        using var dir = new TempDir();
        var input = TestImages.GrayRamp(48, 40);
        string path = TestImages.SavePng(input, dir.File("in.png"));
        using var colorizer = FakeAbPredictor.CreateColorizer(options: new ColorizerOptions { RenderSize = 32 });

        var fromImage = colorizer.Colorize(input).Image.Pixels;
        var fromFile = colorizer.Colorize(path).Image.Pixels;
        using var stream = File.OpenRead(path);
        var fromStream = colorizer.Colorize(stream).Image.Pixels;
        using var bitmap = SKBitmap.Decode(path);
        var fromBitmap = colorizer.Colorize(bitmap).Image.Pixels;

        Assert.Equal(fromImage, fromFile);
        Assert.Equal(fromImage, fromStream);
        Assert.Equal(fromImage, fromBitmap);
    }

    [Fact]
    public void Should_yield_an_error_item_for_a_corrupt_file_and_continue_the_batch()
    {
        using var dir = new TempDir();
        string a = TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        string bad = dir.File("b.png");
        File.WriteAllBytes(bad, [1, 2, 3, 4, 5]);
        string c = TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("c.png"));
        using var colorizer = FakeAbPredictor.CreateColorizer(options: new ColorizerOptions { RenderSize = 16 });
        var progress = new List<double>();

        var items = colorizer.ColorizeMany([a, bad, c], new SyncProgress(progress.Add)).ToList();

        Assert.True(items[0].Succeeded);
        Assert.IsType<ImageLoadException>(items[1].Error);
        Assert.True(items[2].Succeeded);
        Assert.Equal(1.0, progress[^1], 6);
        Assert.Equal(3, progress.Count);
    }

    [Fact]
    public void Should_stop_a_batch_when_cancelled_after_the_first_image()
    {
        using var cts = new CancellationTokenSource();
        var fake = new FakeAbPredictor();
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 16 });
        var images = Enumerable.Range(0, 4).Select(_ => TestImages.GrayRamp(20, 20)).ToList();
        var done = new List<ColorizeResult>();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var result in colorizer.ColorizeMany(images, null, cts.Token))
            {
                done.Add(result);
                cts.Cancel();
            }
        });

        Assert.Single(done);
        Assert.Single(fake.Calls);
    }

    [Fact]
    public void Should_abandon_an_image_cancelled_during_the_model_call()
    {
        using var cts = new CancellationTokenSource();
        var fake = new FakeAbPredictor { OnCall = _ => cts.Cancel() };
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 16 });

        Assert.ThrowsAny<OperationCanceledException>(() => colorizer.Colorize(TestImages.GrayRamp(20, 20), cts.Token));
    }

    [Fact]
    public void Should_serialise_model_calls_from_concurrent_callers()
    {
        int inside = 0, maxInside = 0;
        var fake = new FakeAbPredictor
        {
            OnCall = _ =>
            {
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                Thread.Sleep(5);
                Interlocked.Decrement(ref inside);
            },
        };
        using var colorizer = FakeAbPredictor.CreateColorizer(fake, new ColorizerOptions { RenderSize = 16 });

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => colorizer.Colorize(TestImages.GrayRamp(24, 24)));

        Assert.Equal(8, fake.Calls.Count);
        Assert.Equal(1, maxInside);
    }

    [Fact]
    public void Should_free_the_model_on_dispose_and_refuse_later_calls()
    {
        var fake = new FakeAbPredictor();
        var colorizer = FakeAbPredictor.CreateColorizer(fake);

        colorizer.Dispose();

        Assert.True(fake.Disposed);
        Assert.Throws<ObjectDisposedException>(() => colorizer.Colorize(TestImages.GrayRamp(8, 8)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8)]
    [InlineData(100)]
    public void Should_reject_a_render_size_that_is_not_a_positive_multiple_of_8(int size)
    {
        var e = Assert.Throws<ArgumentException>(() => Colorizer.Load("default", new ColorizerOptions { RenderSize = size }));
        Assert.Contains("multiple of 8", e.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(3.5f)]
    [InlineData(float.NaN)]
    public void Should_reject_a_saturation_outside_0_to_3(float saturation)
    {
        var e = Assert.Throws<ArgumentException>(() => Colorizer.Load("default", new ColorizerOptions { Saturation = saturation }));
        Assert.Contains("saturation", e.Message);
    }

    [Fact]
    public void Should_check_every_option_even_without_a_render_size()
    {
        var e = Assert.Throws<ArgumentException>(() => new ColorizerOptions { Threads = 0 }.Validate());
        Assert.Contains("threads", e.Message);
    }

    [Fact]
    public void Should_name_the_missing_model_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Colorizer.Load("/nonexistent/model.dcm"));
        Assert.Contains("/nonexistent/model.dcm", e.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
