using DeepColor.Imaging;
using DeepColor.Tests.Imaging;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

public sealed class VerifyCommandTests
{
    /// <summary>Four inputs in a folder with a sub-folder and the photo.webp/photo.bmp pair, colorized in three shards with manifests.</summary>
    private static (TempDir Dir, CliHarness Cli, string[] Manifests) ColorizedInShards()
    {
        var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 16), dir.File("in/a.png"));
        TestImages.SavePng(TestImages.GrayRamp(18, 22), dir.File("in/sub/b.png"));
        ImageEncoder.Save(TestImages.GrayRamp(24, 16), dir.File("in/photo.webp"), ImageFormat.Webp, 90);
        File.WriteAllBytes(dir.File("in/photo.bmp"), TestFiles.Bmp24(TestImages.GrayRamp(16, 12)));
        var cli = new CliHarness();
        var manifests = new[] { 1, 2, 3 }.Select(k => dir.File($"out/manifest-{k}.jsonl")).ToArray();
        for (int k = 1; k <= 3; k++)
            Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--shard", $"{k}/3", "--manifest", manifests[k - 1]));
        return (dir, cli, manifests);
    }

    [Fact]
    public void Should_pass_on_a_complete_set_with_and_without_manifests()
    {
        var (dir, cli, manifests) = ColorizedInShards();
        using var _ = dir;
        int calls = cli.TotalModelCalls;

        Assert.Equal(0, cli.Verify(["verify", dir.File("in"), "-r", "-o", dir.File("out")]));
        Assert.Equal(0, cli.Verify(["verify", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--manifest", .. manifests]));

        Assert.Contains("4 outputs checked: 4 complete, 0 missing, 0 broken, 0 stale", cli.Output);
        Assert.Equal(calls, cli.TotalModelCalls);
    }

    [Fact]
    public void Should_name_a_deleted_and_a_truncated_output_and_exit_1()
    {
        var (dir, cli, _) = ColorizedInShards();
        using var __ = dir;
        File.Delete(dir.File("out/sub/b-color.png"));
        var bytes = File.ReadAllBytes(dir.File("out/photo-color.webp"));
        File.WriteAllBytes(dir.File("out/photo-color.webp"), bytes[..(bytes.Length / 2)]);

        int code = cli.Verify("verify", dir.File("in"), "-r", "-o", dir.File("out"));

        Assert.Equal(1, code);
        Assert.Contains($"missing {dir.File("out/sub/b-color.png")}", cli.Output);
        Assert.Contains($"broken {dir.File("out/photo-color.webp")}", cli.Output);
        Assert.Contains("4 outputs checked: 2 complete, 1 missing, 1 broken, 0 stale", cli.Output);
    }

    [Fact]
    public void Should_catch_an_output_of_the_wrong_size()
    {
        var (dir, cli, _) = ColorizedInShards();
        using var __ = dir;
        TestImages.SavePng(TestImages.GrayRamp(5, 5), dir.File("out/a-color.png"));

        Assert.Equal(1, cli.Verify("verify", dir.File("in"), "-r", "-o", dir.File("out")));
        Assert.Contains($"broken {dir.File("out/a-color.png")}: 5×5, but its input {dir.File("in/a.png")} is 20×16", cli.Output);
    }

    [Fact]
    public void Should_call_outputs_stale_when_made_with_other_settings_or_changed_since()
    {
        var (dir, cli, manifests) = ColorizedInShards();
        using var __ = dir;
        // Same size, decodes fine, but not what the manifest recorded.
        TestImages.SavePng(TestImages.GrayRamp(18, 22), dir.File("out/sub/b-color.png"));

        int otherSettings = cli.Verify(["verify", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "24", "--manifest", .. manifests]);
        Assert.Equal(1, otherSettings);
        Assert.Contains($"stale {dir.File("out/a-color.png")}: made with other settings: render size 16 (now 24)", cli.Output);

        int changed = cli.Verify(["verify", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--manifest", .. manifests]);
        Assert.Equal(1, changed);
        Assert.Contains($"stale {dir.File("out/sub/b-color.png")}: the output has changed since it was made", cli.Output);
        Assert.Contains("4 outputs checked: 3 complete, 0 missing, 0 broken, 1 stale", cli.Output);
    }

    [Fact]
    public void Should_call_outputs_stale_that_no_given_manifest_records()
    {
        var (dir, cli, manifests) = ColorizedInShards();
        using var __ = dir;

        Assert.Equal(1, cli.Verify("verify", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--manifest", manifests[0]));
        Assert.Contains("no manifest line for its input", cli.Output);
    }

    [Fact]
    public void Should_exit_2_for_a_manifest_that_is_not_there()
    {
        var (dir, cli, _) = ColorizedInShards();
        using var __ = dir;

        Assert.Equal(2, cli.Verify("verify", dir.File("in"), "-r", "-o", dir.File("out"), "--manifest", dir.File("nope.jsonl")));
        Assert.Contains("cannot read manifest", cli.Output);
    }
}
