using DeepColor.Color;
using DeepColor.Imaging;
using static TorchSharp.torch;

namespace DeepColor.Tests.Color;

public sealed class LabTensorsTests
{
    // In gamut, out of gamut (clipped), black, white, and dark values on the linear segments of both curves.
    private static readonly Lab[] Colours =
    [
        new(53.24f, 80.09f, 67.20f), new(87.74f, -86.18f, 83.18f), new(32.30f, 79.19f, -107.86f), new(50f, 0f, 0f),
        new(0f, 0f, 0f), new(100f, 0f, 0f), new(2f, 3f, -4f), new(5f, 0f, 0f), new(70f, 120f, 120f), new(40f, -128f, -128f),
        new(97.14f, -21.55f, 94.48f), new(20f, 10f, 60f),
    ];

    [Fact]
    public void Should_match_the_scalar_conversion_for_every_colour()
    {
        using var lab = LabTensor(Colours);

        using var rgb = LabTensors.ToSrgb(lab);

        var values = rgb.data<float>().ToArray();
        int n = Colours.Length;
        for (int i = 0; i < n; i++)
        {
            var expected = LabConverter.ToSrgb(Colours[i]);
            Assert.Equal(expected.R, values[i], 1e-4);
            Assert.Equal(expected.G, values[n + i], 1e-4);
            Assert.Equal(expected.B, values[2 * n + i], 1e-4);
        }
    }

    [Fact]
    public void Should_give_finite_gradients_down_to_black_and_outside_the_gamut()
    {
        // Given colours on both sides of each curve's threshold, including exact black, where the
        // gamma curve's slope is infinite
        using var lab = LabTensor(Colours).requires_grad_(true);

        // When the sum of the sRGB values is differentiated
        using var sum = LabTensors.ToSrgb(lab).sum();
        sum.backward();

        // Then no gradient is NaN or infinite, and a* of the in-gamut red moves its channels
        using var grad = lab.grad!;
        Assert.True(grad.isfinite().all().item<bool>(), "a gradient is not finite");
        Assert.NotEqual(0f, grad[0, 1, 0, 0].item<float>());
    }

    [Fact]
    public void Should_give_the_sRGB_gray_of_each_lightness_from_the_luminance_helpers()
    {
        using var lightness = tensor(new float[] { 0f, 5f, 50f, 100f });

        using var gray = LabTensors.Compress(LabTensors.LightnessToLuminance(lightness));

        var values = gray.data<float>().ToArray();
        float[] lightnesses = [0f, 5f, 50f, 100f];
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(LabConverter.ToSrgb(new Lab(lightnesses[i], 0, 0)).G, values[i], 1e-4);
    }

    [Fact]
    public void Should_undo_the_network_scaling_as_the_scalar_normalisation_does()
    {
        // Given the network's L* and a*b* of three colours, scaled by the scalar helpers
        var colours = new Lab[] { new(0f, 0f, 0f), new(53.24f, 80.09f, 67.20f), new(100f, -128f, 127f) };
        using var l = tensor(colours.Select(c => LabNormalization.NormalizeL(c.L)).ToArray(), [1, 1, 1, 3]);
        using var ab = tensor(colours.Select(c => LabNormalization.NormalizeAb(c.A))
            .Concat(colours.Select(c => LabNormalization.NormalizeAb(c.B))).ToArray(), [1, 2, 1, 3]);

        // When they are joined back into CIE units
        using var lab = LabTensors.FromNetwork(l, ab);

        // Then each channel is the original colour's, and the L* helper agrees on its own
        var values = lab.data<float>().ToArray();
        using var lightness = LabTensors.DenormalizeL(l);
        var lightnesses = lightness.data<float>().ToArray();
        for (int i = 0; i < colours.Length; i++)
        {
            Assert.Equal(colours[i].L, values[i], 1e-4);
            Assert.Equal(colours[i].A, values[3 + i], 1e-4);
            Assert.Equal(colours[i].B, values[6 + i], 1e-4);
            Assert.Equal(colours[i].L, lightnesses[i], 1e-4);
        }
    }

    /// <summary>Colours as a [1,3,1,N] Lab tensor.</summary>
    private static Tensor LabTensor(Lab[] colours)
    {
        var data = colours.Select(c => c.L).Concat(colours.Select(c => c.A)).Concat(colours.Select(c => c.B)).ToArray();
        return tensor(data, [1, 3, 1, colours.Length]);
    }
}
