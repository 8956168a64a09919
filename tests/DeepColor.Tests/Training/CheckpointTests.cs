using DeepColor.Tests.Support;
using DeepColor.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Training;

public sealed class CheckpointTests
{
    [Fact]
    public void Should_round_trip_weights_optimizer_and_state_leaving_no_temporary_file()
    {
        DeepColor.Native.TorchNative.EnsureLoadable();
        using var tmp = new TempDir();
        string path = tmp.File("ck/last.ckpt");
        using var model = nn.Linear(3, 2);
        using var opt = optim.Adam(model.parameters(), 0.01);
        using (var x = ones(4, 3)) { model.forward(x).sum().backward(); }
        opt.step();
        var state = new TrainState { Step = 17, Epoch = 2, BatchInEpoch = 5, LearningRate = 0.003 };

        Checkpoint.Save(path, state, model, opt);

        using var copy = nn.Linear(3, 2);
        using var copyOpt = optim.Adam(copy.parameters(), 0.01);
        var restored = Checkpoint.Load(path, copy, copyOpt);
        Assert.Equal(state, restored);
        Assert.Equal(model.weight!.data<float>().ToArray(), copy.weight!.data<float>().ToArray());
        Assert.Single(Directory.GetFiles(tmp.File("ck")));
    }

    [Fact]
    public void Should_refuse_a_file_that_is_not_a_checkpoint()
    {
        using var tmp = new TempDir();
        string path = tmp.File("x.ckpt");
        File.WriteAllText(path, "hello");
        using var model = nn.Linear(3, 2);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model, null));
        Assert.Contains(path, e.Message);
    }
}
