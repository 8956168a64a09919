using DeepColor.Data;
using DeepColor.Model.Networks;
using DeepColor.Tests.Evaluation;
using DeepColor.Training;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

public class RebalanceWeightsTests
{
    // Three gray photos and one red one: the neutral bin is common, the red one rare, the rest empty.
    private static InMemoryTrainingSet GrayAndRed() => new(
    [
        new TrainingImage("g1", TestImages.Solid(40, 40, 90, 90, 90), null),
        new TrainingImage("g2", TestImages.Solid(40, 40, 140, 140, 140), null),
        new TrainingImage("g3", TestImages.Solid(40, 40, 200, 200, 200), null),
        new TrainingImage("red", TestImages.Solid(40, 40, 200, 30, 30), null),
    ]);

    private static int NeutralBin()
    {
        using var scope = NewDisposeScope();
        return (int)AbBins.Nearest(zeros(1, 2, 1, 1), AbBins.CentresTensor()).flatten()[0].item<long>();
    }

    [Fact]
    public void Should_weigh_every_bin_alike_at_lambda_1()
    {
        using var scope = NewDisposeScope();
        var w = RebalanceWeights.Estimate(GrayAndRed(), 32, lambda: 1.0);

        Assert.Equal(AbBins.Count, (int)w.shape[0]);
        Assert.True(w.sub(1f).abs().max().item<float>() < 1e-5f, "λ = 1 must leave every weight at 1");
    }

    [Fact]
    public void Should_weigh_the_common_neutral_bin_down_and_harder_at_a_smaller_lambda()
    {
        int neutral = NeutralBin();
        using var scope = NewDisposeScope();
        var mild = RebalanceWeights.Estimate(GrayAndRed(), 32, lambda: 0.5);
        var hard = RebalanceWeights.Estimate(GrayAndRed(), 32, lambda: 0.1);

        float mildNeutral = mild[neutral].item<float>(), hardNeutral = hard[neutral].item<float>();
        Assert.True(mildNeutral < 1f, $"the neutral bin holds 3/4 of the pixels, so its weight ({mildNeutral}) must be under 1");
        Assert.True(hardNeutral < mildNeutral, $"λ 0.1 must weigh the neutral bin lower ({hardNeutral}) than λ 0.5 ({mildNeutral})");
        Assert.True(hard.max().item<float>() > mild.max().item<float>(), "λ 0.1 must weigh rare bins higher than λ 0.5");
        Assert.False(hard.isnan().any().item<bool>());
    }

    [Fact]
    public void Should_give_from_one_prior_the_weights_that_estimate_gives()
    {
        using var scope = NewDisposeScope();
        var prior = RebalanceWeights.EstimatePrior(GrayAndRed(), 32);
        var direct = RebalanceWeights.Estimate(GrayAndRed(), 32, lambda: 0.7);

        Assert.Equal(1.0, prior.sum().item<double>(), 6);
        Assert.True(RebalanceWeights.FromPrior(prior, 0.7).sub(direct).abs().max().item<float>() < 1e-6f);
    }
}
