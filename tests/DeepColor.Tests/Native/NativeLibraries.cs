namespace DeepColor.Tests.Native;

/// <summary>Where the real native libraries used by the ELF tests are.</summary>
internal static class NativeLibraries
{
    /// <summary>The libLibTorchSharp.so the build copied next to the tests, or null.</summary>
    public static string? LibTorchSharp { get; } = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
        }.FirstOrDefault(File.Exists);
}
