using DeepColor.Native;
using TorchSharp;

namespace DeepColor.Tests.Native;

public sealed class NnpackSwitchTests
{
    [Fact]
    public void Should_leave_libtorch_with_nnpack_disabled_after_start_up()
    {
        TorchNative.EnsureLoadable();
        using var x = torch.ones(1, 1, 4, 4);
        using var w = torch.ones(1, 1, 3, 3);
        using var y = torch.nn.functional.conv2d(x, w);

        bool? enabled = NnpackSwitch.IsEnabled();

        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(enabled);
            return;
        }
        Assert.False(enabled, $"NNPACK still on; start-up said: {TorchNative.Status}");
        Assert.Contains("NNPACK off", TorchNative.Status);
        Assert.Equal(9f, y[0, 0, 0, 0].item<float>());
    }
}
