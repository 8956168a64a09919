using DeepColor.Imaging;

namespace DeepColor.Tests.Imaging;

public sealed class LabImageTests
{
    [Fact]
    public void Should_round_trip_RGB_exactly_and_keep_the_source_alpha()
    {
        var source = TestFiles.Noise(19, 5);
        source.Pixels[7] = 3;
        source = new RgbaImage(19, 5, source.Pixels, hasAlpha: true);

        var back = LabImage.FromRgba(source).ToRgba(source);

        Assert.Equal(source.Pixels, back.Pixels);
        Assert.True(back.HasAlpha);
    }

    [Fact]
    public void Should_write_opaque_alpha_without_an_alpha_source()
    {
        var lab = new LabImage(3, 3);
        Array.Fill(lab.L, 50f);

        var rgba = lab.ToRgba();

        Assert.False(rgba.HasAlpha);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(255, rgba.Pixels[i * 4 + 3]);
            Assert.Equal(119, rgba.Pixels[i * 4]); // L* 50 is sRGB 119 grey
        }
    }

    [Fact]
    public void Should_reject_an_alpha_source_of_another_size()
    {
        var lab = new LabImage(3, 3);
        var alpha = new RgbaImage(2, 2, hasAlpha: true);

        Assert.Throws<ArgumentException>(() => lab.ToRgba(alpha));
    }

    [Fact]
    public void Should_scale_L_to_minus_one_to_one_and_ab_by_128_and_back()
    {
        Assert.Equal(-1f, LabNormalization.NormalizeL(0f));
        Assert.Equal(1f, LabNormalization.NormalizeL(100f));
        Assert.Equal(0.5f, LabNormalization.NormalizeAb(64f));
        Assert.Equal(73.25f, LabNormalization.DenormalizeL(LabNormalization.NormalizeL(73.25f)), 1e-4f);
        Assert.Equal(-101.5f, LabNormalization.DenormalizeAb(LabNormalization.NormalizeAb(-101.5f)), 1e-4f);
    }
}
