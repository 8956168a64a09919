namespace DeepColor.Imaging;

/// <summary>
/// Names of the temporaries that atomic writes go through: <c>.NAME.HOST-PID-RANDOM.tmp</c> in the target's folder.
/// The leading dot and the <c>.tmp</c> ending keep them out of every image listing (see <see cref="ImageFileTypes.IsImageName"/>),
/// and the host and process id tell a writer still at work from one that was killed, so that several processes
/// (shards) sharing a folder never delete each other's files in flight.
/// </summary>
public static class TemporaryFiles
{
    /// <summary>Temporaries of a writer that is not known to be alive are left this long before another host removes them.</summary>
    public static readonly TimeSpan ForeignHostGrace = TimeSpan.FromHours(1);

    private static readonly string Host = Sanitize(Environment.MachineName);

    /// <summary>A fresh temporary path next to <paramref name="path"/>, unique to this process and call.</summary>
    public static string For(string path)
    {
        string full = Path.GetFullPath(path);
        string tag = $"{Host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + tag + ".tmp");
    }

    /// <summary>
    /// Removes temporaries of <paramref name="path"/> left by killed writers: any from a process of this host that
    /// no longer runs (or from this process, which writes each file once), any older than <see cref="ForeignHostGrace"/>,
    /// and any in the older <c>.NAME.RANDOM.tmp</c> form.
    /// </summary>
    public static void RemoveStale(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return;
        string prefix = "." + Path.GetFileName(full) + ".";
        foreach (var temp in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            string tag = Path.GetFileName(temp)[prefix.Length..^".tmp".Length];
            if (!IsStale(tag, File.GetLastWriteTimeUtc(temp))) continue;
            try { File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static bool IsStale(string tag, DateTime writtenUtc)
    {
        var parts = tag.Split('-');
        if (parts.Length < 3 || !int.TryParse(parts[^2], out int pid)) return true;
        string host = string.Join('-', parts[..^2]);
        if (host == Host) return pid == Environment.ProcessId || !IsRunning(pid);
        return DateTime.UtcNow - writtenUtc > ForeignHostGrace;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return chars.Length == 0 ? "host" : new string(chars);
    }
}
