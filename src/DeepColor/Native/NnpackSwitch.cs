using System.Runtime.InteropServices;

namespace DeepColor.Native;

/// <summary>
/// Turns off libtorch's NNPACK convolution backend before the first convolution runs.
/// </summary>
/// <remarks>
/// Where NNPACK cannot start (CPUs or VMs whose cache topology it does not recognise, such as ours),
/// libtorch prints "Could not initialize NNPACK! Reason: Unsupported hardware." for every conv layer a
/// process runs, eight lines before the first output of <c>deepcolor colorize</c>. libtorch asks whether
/// the user disabled NNPACK before it probes the hardware, so disabling it first removes the lines. Where
/// NNPACK cannot start nothing changes (outputs checked byte for byte); where it can, libtorch would only
/// have used it for convolutions oneDNN declines in batches of 16 or more, which then run on its default kernels.
/// TorchSharp has no binding for the switch, so the two exported C++ functions of <c>at::Context</c> are
/// called by their Itanium-mangled names; when they cannot be found nothing changes.
/// </remarks>
internal static unsafe class NnpackSwitch
{
    private const string TorchCpu = "libtorch_cpu.so";
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private const string GetEnabled = "_ZNK2at7Context17userEnabledNNPACKEv";

    /// <summary>Disables NNPACK; returns what happened, for <see cref="TorchNative.Status"/>.</summary>
    public static string Disable()
    {
        if (Environment.GetEnvironmentVariable("DEEPCOLOR_NNPACK") == "1") return "NNPACK left on (DEEPCOLOR_NNPACK=1)";
        if (!TryContext(out var library, out var context)) return "NNPACK switch not found";
        if (!NativeLibrary.TryGetExport(library, SetEnabled, out var set)) return "NNPACK switch not found";
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, 0);
        return "NNPACK off";
    }

    /// <summary>libtorch's current setting, or null where the switch cannot be reached.</summary>
    public static bool? IsEnabled()
    {
        if (!TryContext(out var library, out var context)) return null;
        if (!NativeLibrary.TryGetExport(library, GetEnabled, out var get)) return null;
        return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
    }

    private static bool TryContext(out IntPtr library, out IntPtr context)
    {
        context = IntPtr.Zero;
        library = IntPtr.Zero;
        if (!OperatingSystem.IsLinux()) return false;
        // Loading by full path returns the already-mapped library when TorchSharp or the patch loaded it first.
        string? path = TorchNative.NativeSearchDirectories().Select(d => Path.Combine(d, TorchCpu)).FirstOrDefault(File.Exists);
        if (path is null || !NativeLibrary.TryLoad(path, out library)) return false;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var get)) return false;
        context = ((delegate* unmanaged<IntPtr>)get)();
        return context != IntPtr.Zero;
    }
}
