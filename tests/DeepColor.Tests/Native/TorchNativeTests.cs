using DeepColor.Native;
using TorchSharp;

namespace DeepColor.Tests.Native;

public sealed class TorchNativeTests
{
    [Fact]
    public void Should_run_a_real_tensor_op_through_TorchSharp()
    {
        TorchNative.EnsureLoadable();
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var b = a.matmul(a.t());
        Assert.Equal(new float[] { 5, 14, 14, 50 }, b.data<float>().ToArray());
    }
}
