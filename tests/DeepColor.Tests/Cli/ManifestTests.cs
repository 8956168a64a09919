using System.Security.Cryptography;
using System.Text.Json;
using DeepColor.Cli.Batch;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

public sealed class ManifestTests
{
    [Fact]
    public void Should_write_one_line_per_finished_or_failed_input_with_hashes_model_and_settings()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("in/a.png"));
        Directory.CreateDirectory(dir.File("in/sub"));
        File.WriteAllBytes(dir.File("in/sub/b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--saturation", "1.5", "--manifest", dir.File("m.jsonl"));

        Assert.Equal(1, code);
        var lines = File.ReadAllLines(dir.File("m.jsonl"));
        Assert.Equal(2, lines.Length);
        var entries = ManifestReader.Read(dir.File("m.jsonl")).ToDictionary(e => e.Input);
        var done = entries["a.png"];
        Assert.Equal(ManifestEntry.Done, done.Status);
        Assert.Equal(Sha256(dir.File("in/a.png")), done.InputSha256);
        Assert.Equal("a-color.png", done.Output);
        Assert.Equal(Sha256(dir.File("out/a-color.png")), done.OutputSha256);
        Assert.Equal("sha256:" + Sha256(DeepColor.Inference.Colorizer.LocateModel("default")), done.Model);
        Assert.Equal(16, done.Settings!.RenderSize);
        Assert.Equal(1.5f, done.Settings.Saturation);
        var failed = entries["sub/b.png"];
        Assert.Equal(ManifestEntry.Failed, failed.Status);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.All(lines, line => JsonDocument.Parse(line));
    }

    [Fact]
    public void Should_ignore_a_cut_off_last_line_and_redo_only_that_input_on_the_rerun()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "a", "b", "c" }) TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File($"in/{name}.png"));
        var cli = new CliHarness();
        string[] args = ["colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "16", "--jobs", "1", "--manifest", dir.File("m.jsonl")];
        Assert.Equal(0, cli.Colorize(args));
        Assert.Equal(3, cli.TotalModelCalls);

        // As a kill -9 in the middle of the last append leaves it.
        var text = File.ReadAllText(dir.File("m.jsonl"));
        File.WriteAllText(dir.File("m.jsonl"), text[..(text.TrimEnd('\n').LastIndexOf('\n') + 30)]);
        Assert.Equal(2, ManifestReader.Read(dir.File("m.jsonl")).Count);

        Assert.Equal(0, cli.Colorize(args));

        Assert.Equal(4, cli.TotalModelCalls);
        var entries = ManifestReader.Read(dir.File("m.jsonl"));
        Assert.Equal(["a.png", "b.png", "c.png"], entries.Select(e => e.Input).Order(StringComparer.Ordinal));
        Assert.Equal(4, File.ReadAllLines(dir.File("m.jsonl")).Length); // the cut-off piece stays a line of its own
    }

    [Fact]
    public void Should_redo_an_output_the_manifest_does_not_vouch_for()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("in/a.png"));
        var cli = new CliHarness();
        Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "16"));

        // Made without a manifest, then with other settings: neither counts as done.
        Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "16", "--manifest", dir.File("m.jsonl")));
        Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "24", "--manifest", dir.File("m.jsonl")));
        Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "24", "--manifest", dir.File("m.jsonl")));

        Assert.Equal(3, cli.TotalModelCalls);
    }

    [Fact]
    public void Should_refuse_a_manifest_another_run_holds()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        using var holder = new ManifestWriter(dir.File("m.jsonl"));
        var cli = new CliHarness();

        Assert.Equal(2, cli.Colorize("colorize", dir.File("a.png"), "--render-size", "16", "--manifest", dir.File("m.jsonl")));
        Assert.Contains("cannot open manifest", cli.Output);
        Assert.False(File.Exists(dir.File("a-color.png")));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
