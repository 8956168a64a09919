using DeepColor.Color;

namespace DeepColor.Tests.Color;

/// <summary>Pins the vectorised and parallel span paths to the scalar definition.</summary>
public sealed class LabKernelsTests
{
    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 7)]
    [InlineData(3, 515)]
    [InlineData(4, 4096)]
    public void Should_give_the_scalar_Lab_values_for_every_pixel_of_a_random_image(int bpp, int count)
    {
        var pixels = RandomBytes(count * bpp, seed: count);
        float[] l = new float[count], a = new float[count], b = new float[count];
        float[] ls = new float[count], las = new float[count], bs = new float[count];

        LabConverter.RgbToLab(pixels, bpp, l, a, b);
        LabConverter.RgbToLabScalar(pixels, bpp, ls, las, bs);

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(ls[i], l[i], 1e-4f);
            Assert.Equal(las[i], a[i], 1e-4f);
            Assert.Equal(bs[i], b[i], 1e-4f);
        }
    }

    [Fact]
    public void Should_give_the_scalar_Lab_values_for_all_256_levels_of_each_channel()
    {
        // Every byte value in every channel, including the dark pixels on the linear branch of f(t).
        var pixels = new byte[256 * 3 * 3];
        for (int v = 0; v < 256; v++)
            for (int c = 0; c < 3; c++)
                pixels[(c * 256 + v) * 3 + c] = (byte)v;
        int n = pixels.Length / 3;
        float[] l = new float[n], a = new float[n], b = new float[n], ls = new float[n], las = new float[n], bs = new float[n];

        LabConverter.RgbToLab(pixels, 3, l, a, b);
        LabConverter.RgbToLabScalar(pixels, 3, ls, las, bs);

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(ls[i], l[i], 1e-4f);
            Assert.Equal(las[i], a[i], 1e-4f);
            Assert.Equal(bs[i], b[i], 1e-4f);
        }
    }

    [Fact]
    public void Should_give_the_scalar_sRGB_values_for_random_Lab_including_out_of_gamut()
    {
        const int n = 4099;
        var rng = new Random(5);
        float[] l = new float[n], a = new float[n], b = new float[n];
        for (int i = 0; i < n; i++)
        {
            l[i] = (float)(rng.NextDouble() * 110 - 5);
            a[i] = (float)(rng.NextDouble() * 260 - 130);
            b[i] = (float)(rng.NextDouble() * 260 - 130);
        }
        float[] r = new float[n], g = new float[n], bl = new float[n];
        var bytes = new byte[n * 4];
        var scalarBytes = new byte[n * 4];

        LabConverter.LabToRgbFloat(l, a, b, r, g, bl);
        LabConverter.LabToRgb(l, a, b, bytes, 4);
        LabConverter.LabToRgbScalar(l, a, b, scalarBytes, 4);

        int byteMismatches = 0;
        for (int i = 0; i < n; i++)
        {
            var c = LabConverter.ToSrgb(new Lab(l[i], a[i], b[i]));
            Assert.Equal(c.R, r[i], 1e-4f);
            Assert.Equal(c.G, g[i], 1e-4f);
            Assert.Equal(c.B, bl[i], 1e-4f);
            for (int k = 0; k < 3; k++)
            {
                int diff = Math.Abs(bytes[4 * i + k] - scalarBytes[4 * i + k]);
                Assert.True(diff <= 1, $"pixel {i} channel {k}: {bytes[4 * i + k]} vs {scalarBytes[4 * i + k]}");
                byteMismatches += diff;
            }
        }
        // Only a value within float rounding of a .5 boundary may land on the other side.
        Assert.True(byteMismatches <= n * 3 / 1000, $"{byteMismatches} bytes differ by one");
    }

    [Fact]
    public void Should_split_a_large_image_across_threads_without_changing_any_value()
    {
        // Above the parallel threshold, with a ragged last chunk.
        int n = LabConverter.ParallelThreshold + LabConverter.ParallelChunk / 2 + 3;
        var pixels = RandomBytes(n * 4, seed: 11);
        float[] l = new float[n], a = new float[n], b = new float[n];
        float[] lk = new float[n], ak = new float[n], bk = new float[n];
        var back = new byte[n * 4];
        var backKernel = new byte[n * 4];

        LabConverter.RgbToLab(pixels, 4, l, a, b);
        LabKernels.RgbToLab(pixels, 4, lk, ak, bk);
        LabConverter.LabToRgb(l, a, b, back, 4);
        LabKernels.LabToRgb(l, a, b, backKernel, 4);

        Assert.True(lk.AsSpan().SequenceEqual(l), "L differs");
        Assert.True(ak.AsSpan().SequenceEqual(a), "a differs");
        Assert.True(bk.AsSpan().SequenceEqual(b), "b differs");
        Assert.True(backKernel.AsSpan().SequenceEqual(back), "RGB differs");
        int firstWrong = Enumerable.Range(0, n * 4).FirstOrDefault(i => i % 4 != 3 && pixels[i] != back[i], -1);
        Assert.Equal(-1, firstWrong);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
