using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace DeepColor.Native;

/// <summary>
/// Makes TorchSharp's native library loadable where the system libstdc++ is older than the one
/// it was built against (Debian 12), without any manual step and without touching the NuGet cache.
/// </summary>
/// <remarks>
/// On start-up the library checks <c>libLibTorchSharp.so</c>'s version needs against the system
/// libstdc++. When nothing is missing (newer distributions, Windows, macOS) it does nothing at all.
/// When only link-time markers are missing (see <see cref="LibStdCxxCompat"/>) it writes a patched
/// copy to a per-user cache, preloads libtorch from its original folder, loads the copy and points
/// TorchSharp's P/Invokes at it with a DllImport resolver. Set <c>DEEPCOLOR_NATIVE_PATCH=0</c> to opt out.
/// </remarks>
public static class TorchNative
{
    private const string LibName = "LibTorchSharp";
    private const string LibFile = "libLibTorchSharp.so";
    private static readonly string[] TorchDependencies = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static IntPtr _patchedHandle;
    private static bool _done;

    /// <summary>What start-up did: "not needed", "patched copy at …", or why it could not help; then the NNPACK switch's outcome.</summary>
    public static string Status { get; private set; } = "not checked";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any TorchSharp P/Invoke.")]
    internal static void Initialize() => EnsureLoadable();

    /// <summary>Idempotent; called automatically when the DeepColor assembly loads.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            try
            {
                Status = Prepare();
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or DllNotFoundException or BadImageFormatException)
            {
                // Leave TorchSharp to report its own loading error; keep ours for diagnostics.
                Status = "patch failed: " + e.Message;
            }
            Status += "; " + NnpackSwitch.Disable();
        }
    }

    /// <summary>
    /// Caps oneDNN at AVX2 unless the user chose otherwise. On the AMD EPYC (Zen 4) machines we develop
    /// on, oneDNN's AVX-512 convolution backward in libtorch 2.10 returned NaN input gradients in about
    /// 1 of 100 calls (a bare conv2d reproduces it: 7/600 bad); with the AVX2 kernels 0/600.
    /// The variable must reach the C runtime's environment before libtorch loads, hence setenv.
    /// </summary>
    private static void CapOneDnnIsa()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") is not null || Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is not null) return;
        _ = setenv("DNNL_MAX_CPU_ISA", "AVX2", 0);
        Environment.SetEnvironmentVariable("DNNL_MAX_CPU_ISA", "AVX2");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);

    private static string Prepare()
    {
        CapOneDnnIsa();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return "not needed (not linux-x64)";
        if (Environment.GetEnvironmentVariable("DEEPCOLOR_NATIVE_PATCH") == "0")
            return "disabled by DEEPCOLOR_NATIVE_PATCH=0";

        var dirs = NativeSearchDirectories();
        string? original = FindIn(dirs, LibFile);
        if (original is null) return "not needed (" + LibFile + " not found)";
        string? libstdcxx = SystemLibStdCxxPath();
        if (libstdcxx is null) return "not needed (no system libstdc++ found)";

        var image = ElfImage.Read(original);
        var plan = LibStdCxxCompat.Plan(image, ElfImage.Read(libstdcxx).VersionDefinitions());
        if (plan.Blocking.Count > 0)
            return $"cannot patch: {libstdcxx} lacks {string.Join("; ", plan.Blocking)}";
        if (!plan.NeedsPatch) return "not needed";

        LibStdCxxCompat.Apply(image, plan);
        string copy = WritePatchedCopy(image);

        // The copy lives outside libtorch's folder, so its $ORIGIN RUNPATH cannot find libtorch:
        // load those first from where they are, so ld.so matches the copy's DT_NEEDED by soname.
        foreach (var dep in TorchDependencies)
        {
            string? path = FindIn(dirs, dep);
            if (path is not null) NativeLibrary.Load(path);
        }
        _patchedHandle = NativeLibrary.Load(copy);
        NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, Resolve);
        return $"patched copy at {copy} (weakened {string.Join(", ", plan.ToWeaken.Select(n => n.Name))})";
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name is LibName or LibFile ? _patchedHandle : IntPtr.Zero;

    private static string WritePatchedCopy(ElfImage image)
    {
        string hash = Convert.ToHexString(SHA256.HashData(image.Bytes))[..16].ToLowerInvariant();
        string dir = Path.Combine(CacheRoot(), hash);
        string target = Path.Combine(dir, LibFile);
        if (File.Exists(target)) return target;
        Directory.CreateDirectory(dir);
        string temp = target + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, image.Bytes.ToArray());
        File.Move(temp, target, overwrite: true);
        return target;
    }

    private static string CacheRoot()
    {
        string? explicitDir = Environment.GetEnvironmentVariable("DEEPCOLOR_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : Path.GetTempPath();
        return Path.Combine(root, "deepcolor", "native");
    }

    /// <summary>The folders the .NET host would search for native libraries, most specific first.</summary>
    internal static IReadOnlyList<string> NativeSearchDirectories()
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
            dirs.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        foreach (var baseDir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(baseDir)) continue;
            dirs.Add(baseDir);
            dirs.Add(Path.Combine(baseDir, "runtimes", "linux-x64", "native"));
        }
        return dirs.Distinct().ToList();
    }

    private static string? FindIn(IEnumerable<string> dirs, string file) =>
        dirs.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);

    /// <summary>The libstdc++ the dynamic loader resolves for this process.</summary>
    internal static string? SystemLibStdCxxPath()
    {
        if (!NativeLibrary.TryLoad(LibStdCxxCompat.LibStdCxxSoname, out _)) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.AsSpan(slash).EndsWith("/" + LibStdCxxCompat.LibStdCxxSoname) || slash >= 0 && line.Contains("/libstdc++.so.6.", StringComparison.Ordinal))
                return line[slash..].Trim();
        }
        return null;
    }
}
