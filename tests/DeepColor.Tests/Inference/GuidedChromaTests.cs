using DeepColor.Imaging;
using DeepColor.Inference;

namespace DeepColor.Tests.Inference;

public sealed class GuidedChromaTests
{
    [Fact]
    public void Should_keep_a_constant_colour_whatever_the_lightness()
    {
        // Given textured lightness and one colour everywhere
        const int w = 12, h = 9;
        var random = new Random(3);
        var l = Enumerable.Range(0, w * h).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var ab = Enumerable.Repeat(0.2f, w * h).Concat(Enumerable.Repeat(-0.1f, w * h)).ToArray();

        // When the local linear model is fitted
        var field = GuidedChroma.Fit(l, ab, w, h);

        // Then colour does not follow the texture: zero slopes, the colour as offsets
        Assert.NotNull(field.Slopes);
        Assert.All(field.Slopes!, s => Assert.Equal(0f, s, 5));
        for (int i = 0; i < w * h; i++)
        {
            Assert.Equal(0.2f, field.Offsets[i], 5);
            Assert.Equal(-0.1f, field.Offsets[w * h + i], 5);
        }
    }

    [Fact]
    public void Should_recover_colour_that_is_a_linear_function_of_lightness()
    {
        // Given a* = 0.3·L + 0.1 and b* = −0.2·L over strongly varying L
        const int w = 10, h = 10;
        var random = new Random(5);
        var l = Enumerable.Range(0, w * h).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var ab = l.Select(v => 0.3f * v + 0.1f).Concat(l.Select(v => -0.2f * v)).ToArray();

        // When fitted with a negligible regulariser
        var field = GuidedChroma.Fit(l, ab, w, h, radius: 1, epsilon: 1e-6f);

        // Then every window finds that line, so the averaged coefficients are the line too
        for (int i = 0; i < w * h; i++)
        {
            Assert.Equal(0.3f, field.Slopes![i], 3);
            Assert.Equal(0.1f, field.Offsets[i], 3);
            Assert.Equal(-0.2f, field.Slopes[w * h + i], 3);
            Assert.Equal(0f, field.Offsets[w * h + i], 3);
        }
    }

    [Fact]
    public void Should_reject_planes_of_the_wrong_size()
    {
        var e = Assert.Throws<ArgumentException>(() => GuidedChroma.Fit(new float[12], new float[20], 4, 3));
        Assert.Contains("24", e.Message);
    }

    [Fact]
    public void Should_put_the_colour_edge_on_the_photo_edge_when_upsampling()
    {
        // Given a 64×64 photo, dark left of column 30 and bright from it, rendered at 16×16, where the edge
        // falls inside render column 7; the model says blue-ish left, red-ish right, neutral on the mixed column
        var input = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                int i = (y * 64 + x) * 4;
                byte v = x < 30 ? (byte)60 : (byte)200;
                input.Pixels[i] = input.Pixels[i + 1] = input.Pixels[i + 2] = v;
                input.Pixels[i + 3] = 255;
            }
        var model = () => new FakeAbPredictor((x, _, _, _) => (x < 7 ? -0.3f : x > 7 ? 0.3f : 0f, 0f));

        // When colorized with each upsampling, reading a* along the middle row
        float[] RowA(ChromaUpsampling upsampling)
        {
            using var colorizer = FakeAbPredictor.CreateColorizer(model(), new ColorizerOptions { RenderSize = 16, Upsampling = upsampling });
            var lab = LabImage.FromRgba(colorizer.Colorize(input).Image);
            return lab.A.AsSpan(32 * 64, 64).ToArray();
        }
        // Columns whose a* sits between the two plateaus (the far-left and far-right values), i.e. bleeding.
        static int Bleeding(float[] a) =>
            Enumerable.Range(16, 32).Count(x => MathF.Abs(a[x] - a[16]) > 2 && MathF.Abs(a[x] - a[47]) > 2);
        var bilinear = RowA(ChromaUpsampling.Bilinear);
        var guided = RowA(ChromaUpsampling.Guided);

        // Then bilinear a* ramps over several columns, while guided a* flips sign exactly at the lightness edge
        Assert.True(Bleeding(bilinear) >= 4, $"bilinear row: {string.Join(" ", bilinear[16..48].Select(v => v.ToString("F0")))}");
        Assert.Equal(0, Bleeding(guided));
        Assert.True(guided[29] < -10 && guided[30] > 10, $"guided a* at columns 29, 30: {guided[29]:F1}, {guided[30]:F1}");
    }
}
