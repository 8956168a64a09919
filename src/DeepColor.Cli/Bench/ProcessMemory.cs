using System.Diagnostics;

namespace DeepColor.Cli.Bench;

/// <summary>Resident-memory readings for the bench.</summary>
internal static class ProcessMemory
{
    /// <summary>
    /// Resets the kernel's peak-RSS counter (VmHWM) so a later reading covers only what follows.
    /// Linux-only ("5" to /proc/self/clear_refs); returns false where that is not possible.
    /// </summary>
    public static bool TryResetPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes: VmHWM on Linux, else the process's peak working set.</summary>
    public static long PeakBytes()
    {
        if (OperatingSystem.IsLinux() && ReadStatusKb("VmHWM:") is long kb) return kb * 1024;
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    public static long CurrentBytes()
    {
        if (OperatingSystem.IsLinux() && ReadStatusKb("VmRSS:") is long kb) return kb * 1024;
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long? ReadStatusKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return null;
    }
}
