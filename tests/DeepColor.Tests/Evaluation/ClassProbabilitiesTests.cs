using DeepColor.Evaluation;

namespace DeepColor.Tests.Evaluation;

public sealed class ClassProbabilitiesTests
{
    [Fact]
    public void Should_turn_logits_into_probabilities_that_sum_to_one()
    {
        var p = ClassProbabilities.Softmax([1f, 2f, 3f]);

        // e^1 : e^2 : e^3 over their sum.
        Assert.Equal(0.0900306, p[0], 6);
        Assert.Equal(0.2447285, p[1], 6);
        Assert.Equal(0.6652410, p[2], 6);
        Assert.Equal(1.0, p.Sum(), 6);
    }

    [Fact]
    public void Should_stay_finite_for_logits_whose_exponential_overflows()
    {
        var p = ClassProbabilities.Softmax([1000f, 1000f, 0f]);

        Assert.Equal(0.5, p[0], 6);
        Assert.Equal(0.5, p[1], 6);
        Assert.Equal(0.0, p[2], 6);
    }

    [Fact]
    public void Should_take_the_first_of_tied_maxima_as_top1()
    {
        Assert.Equal(1, ClassProbabilities.ArgMax([0.1f, 0.4f, 0.4f, 0.1f]));
        Assert.Throws<ArgumentException>(() => ClassProbabilities.ArgMax([]));
    }
}
