using DeepColor.Model.Networks;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model.Networks;

public sealed class PatchCriticTests
{
    [Fact]
    public void Should_score_one_patch_per_sixteen_pixels_of_the_colorizers_resolution()
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var critic = PatchCritic.Create(seed: 3);
        using var lab = randn(2, 3, 128, 96);

        using var scores = critic.forward(lab);

        Assert.Equal(16, PatchCritic.InputScale * PatchCritic.Stride);
        Assert.Equal(new long[] { 2, 1, 8, 6 }, scores.shape);
        Assert.True(scores.isfinite().all().item<bool>());
    }

    [Fact]
    public void Should_draw_the_same_weights_from_the_same_seed_and_others_from_another()
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var a = PatchCritic.Create(seed: 11);
        using var b = PatchCritic.Create(seed: 11);
        using var c = PatchCritic.Create(seed: 12);
        using var lab = randn(1, 3, 64, 64);

        using var sa = a.forward(lab);
        using var sb = b.forward(lab);
        using var sc = c.forward(lab);

        Assert.True(sa.equal(sb).all().item<bool>());
        Assert.False(sa.allclose(sc));
    }
}
