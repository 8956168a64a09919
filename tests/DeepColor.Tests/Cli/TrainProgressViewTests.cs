using DeepColor.Cli;
using DeepColor.Training;
using Spectre.Console.Testing;

namespace DeepColor.Tests.Cli;

public sealed class TrainProgressViewTests
{
    [Fact]
    public void Should_log_a_long_pass_once_and_then_at_each_tenth_not_per_batch()
    {
        var console = new TestConsole();
        var lines = new TrainProgressView.PlainLines(console);

        lines.Report(new TrainProgress("classifying images with the teacher mobilenetv2", 0, 0, 0, double.NaN, 0, 0));
        for (int done = 16; done < 1000; done += 16)
            lines.Report(new TrainProgress("classifying images with the teacher mobilenetv2", done, 1000, 0, double.NaN, 0, 0));
        lines.Report(new TrainProgress("classifying images with the teacher mobilenetv2", 1000, 1000, 0, double.NaN, 0, 0));
        lines.Report(new TrainProgress("training", 50, 1600, 0, 0.9, 17.5, 0));

        var output = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("classifying images with the teacher mobilenetv2", output[0].TrimEnd());
        Assert.Equal(10, output.Count(l => l.Contains("/1000", StringComparison.Ordinal)));
        Assert.Contains(output, l => l.TrimEnd().EndsWith(": 1000/1000", StringComparison.Ordinal));
        Assert.StartsWith("step 50/1600 epoch 0 loss ", output[^1]);
        Assert.Equal(12, output.Length);
    }
}
