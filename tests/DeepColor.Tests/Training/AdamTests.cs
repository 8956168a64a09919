using DeepColor.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

public sealed class AdamTests
{
    [Fact]
    public void Should_update_weights_bit_for_bit_like_torchsharps_adam()
    {
        // Given two copies of a small network, one under TorchSharp's Adam and one under ours
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var reference = Network();
        using var ours = CopyOf(reference);
        var untrained = Weights(reference);
        using var referenceAdam = optim.Adam(reference.parameters(), 0.01);
        using var ourAdam = new DeepColor.Training.Adam(ours.parameters(), 0.01);

        // When both take the same steps, with the learning rate changed half-way as the schedule does
        for (int step = 0; step < 6; step++)
        {
            if (step == 3)
            {
                foreach (var g in referenceAdam.ParamGroups) g.LearningRate = 0.003;
                foreach (var g in ourAdam.ParamGroups) g.LearningRate = 0.003;
            }
            Step(reference, referenceAdam, step);
            Step(ours, ourAdam, step);
        }

        // Then every weight and every saved optimiser byte is the same
        AssertSameWeights(reference, ours);
        Assert.Equal(SavedState(referenceAdam), SavedState(ourAdam));
        Assert.NotEqual(untrained, Weights(ours));
    }

    [Fact]
    public void Should_resume_from_a_state_that_torchsharps_adam_saved()
    {
        // Given a network trained two steps by TorchSharp's Adam, its optimiser state saved
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var reference = Network();
        using var referenceAdam = optim.Adam(reference.parameters(), 0.01);
        for (int step = 0; step < 2; step++) Step(reference, referenceAdam, step);
        byte[] saved = SavedState(referenceAdam);

        // When a copy loads that state into our Adam and both take two more steps
        using var ours = CopyOf(reference);
        using var ourAdam = new DeepColor.Training.Adam(ours.parameters(), 0.01);
        using (var reader = new BinaryReader(new MemoryStream(saved))) ourAdam.load_state_dict(reader);
        for (int step = 2; step < 4; step++)
        {
            Step(reference, referenceAdam, step);
            Step(ours, ourAdam, step);
        }

        // Then they are still bit-identical: the moments and step count carried over
        AssertSameWeights(reference, ours);
    }

    private static void AssertSameWeights(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual) =>
        Assert.Equal(Weights(expected), Weights(actual));

    private static float[] Weights(nn.Module<Tensor, Tensor> net) =>
        net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    private static nn.Module<Tensor, Tensor> Network() => nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2));

    /// <summary>
    /// A second network with the first one's weights. Copied, not re-seeded: tests run in parallel and may
    /// advance libtorch's global generator between seeding and use.
    /// </summary>
    private static nn.Module<Tensor, Tensor> CopyOf(nn.Module<Tensor, Tensor> source)
    {
        var copy = Network();
        using (no_grad())
            foreach (var (from, to) in source.parameters().Zip(copy.parameters())) to.copy_(from);
        return copy;
    }

    private static void Step(nn.Module<Tensor, Tensor> net, optim.Optimizer optimizer, int step)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var x = linspace(-1, 1, 12).reshape(3, 4) * (step + 1);
        (net.forward(x).pow(2).sum() + net.forward(x).sum()).backward();
        optimizer.step();
    }

    private static byte[] SavedState(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }
}
