using System.Runtime.InteropServices;

namespace DeepColor.Tests.Native;

/// <summary>
/// A fact that needs TorchSharp's linux-x64 <c>libLibTorchSharp.so</c> next to the test assembly;
/// it is reported as skipped, with the reason, anywhere else.
/// </summary>
public sealed class NativeLibraryFactAttribute : FactAttribute
{
    public NativeLibraryFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Skip = "needs linux-x64: the ELF patch only applies to TorchSharp's Linux x64 native library";
        else if (NativeLibraries.LibTorchSharp is null)
            Skip = "libLibTorchSharp.so was not copied next to the test assembly";
    }
}
