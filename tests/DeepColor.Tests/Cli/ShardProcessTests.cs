using System.Diagnostics;
using DeepColor.Cli.Batch;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;
using Xunit.Abstractions;

namespace DeepColor.Tests.Cli;

/// <summary>
/// Real processes of the built tool, with the shipped model, over one folder: what a Kubernetes Indexed Job or a
/// Slurm array does, including a node that dies.
/// </summary>
public sealed class ShardProcessTests(ITestOutputHelper log)
{
    private const int Shards = 3;
    private const int PerShard = 4;

    [Fact]
    public async Task Should_do_every_input_once_byte_identical_to_one_process_after_a_shard_is_killed_and_the_shards_rerun()
    {
        using var dir = new TempDir();
        var names = InputNames();
        for (int i = 0; i < names.Count; i++) TestImages.SavePng(TestImages.GrayRamp(24 + i, 20 + i % 3, low: (byte)(20 + i * 5)), dir.File("in/" + names[i]));
        string[] common = [dir.File("in"), "-r", "--render-size", "16", "--jobs", "1"];
        string Manifest(int k) => dir.File($"out/manifest-{k}.jsonl");

        string[] Shard(int k) => ["colorize", .. common, "-o", dir.File("out"), "--shard", $"{k}/{Shards}", "--manifest", Manifest(k)];

        // One process over everything, beside all shards at once; shard 2 is killed (SIGKILL) once it has finished an image.
        var single = Task.Run(() => RunToSuccess(["colorize", .. common, "-o", dir.File("single")]));
        var running = Enumerable.Range(1, Shards).Select(k => Start(Shard(k))).ToList();
        var victim = running[1];
        while (!victim.HasExited && !(File.Exists(Manifest(2)) && new FileInfo(Manifest(2)).Length > 0)) await Task.Delay(5);
        bool killed = !victim.HasExited;
        try { victim.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { killed = false; } // it finished first; the reruns below still must change nothing
        foreach (var process in running) { await process.WaitForExitAsync(); process.Dispose(); }
        log.WriteLine(killed ? $"shard 2 killed after {ManifestReader.Read(Manifest(2)).Count} of {PerShard} images" : "shard 2 finished before the kill");

        await Task.WhenAll([single, .. Enumerable.Range(1, Shards).Select(k => Task.Run(() => RunToSuccess(Shard(k))))]);

        var one = Images(dir.File("single"));
        var sharded = Images(dir.File("out"));
        Assert.Equal(names.Count, one.Count);
        Assert.Equal(one.Keys.Order(StringComparer.Ordinal), sharded.Keys.Order(StringComparer.Ordinal));
        Assert.All(one, pair => Assert.Equal(pair.Value, sharded[pair.Key]));
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.File("out"), "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        var done = Enumerable.Range(1, Shards).SelectMany(k => ManifestReader.Read(Manifest(k))).Where(e => e.Status == ManifestEntry.Done).Select(e => e.Input);
        Assert.Equal(names.Order(StringComparer.Ordinal), done.Order(StringComparer.Ordinal));

        var cli = new CliHarness();
        Assert.Equal(0, cli.Verify(["verify", .. common[..2], "-o", dir.File("out"), "--render-size", "16", "--manifest", .. Enumerable.Range(1, Shards).Select(Manifest)]));
    }

    /// <summary>A dozen names, half in a sub-folder, <see cref="PerShard"/> to each shard so that the victim has work left when it is killed.</summary>
    private static List<string> InputNames()
    {
        var taken = new Dictionary<int, int>();
        var names = new List<string>();
        for (int i = 0; names.Count < Shards * PerShard; i++)
        {
            string name = (i % 2 == 0 ? "" : "sub/") + $"scan{i:00}.png";
            int shard = ShardSpec.ShardOf(name, Shards);
            if (taken.GetValueOrDefault(shard) == PerShard) continue;
            taken[shard] = taken.GetValueOrDefault(shard) + 1;
            names.Add(name);
        }
        return names;
    }

    private static Dictionary<string, byte[]> Images(string root) =>
        Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);

    private static void RunToSuccess(string[] args)
    {
        using var process = Start(args, drainOutput: false);
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {output}");
    }

    private static Process Start(string[] args, bool drainOutput = true)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepColor.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        // Drained so that a chatty run never blocks on a full pipe.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        if (drainOutput)
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
        }
        return process;
    }
}
