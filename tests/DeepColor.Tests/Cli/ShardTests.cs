using DeepColor.Cli.Batch;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

public sealed class ShardTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 40).Select(i => $"scans/box{i % 4}/img{i:000}.png")];

    [Fact]
    public void Should_put_every_input_in_exactly_one_shard()
    {
        var inputs = Names.Select(n => Input(n)).ToList();

        var counts = inputs.Select(input => Enumerable.Range(1, 3).Count(k => new ShardSpec(k, 3).Contains(input)));

        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.All(Enumerable.Range(1, 3), k => Assert.Contains(inputs, i => new ShardSpec(k, 3).Contains(i)));
    }

    [Fact]
    public void Should_keep_each_inputs_shard_when_inputs_are_reordered_or_others_added()
    {
        var before = Names.ToDictionary(n => n, n => ShardSpec.ShardOf(Input(n).RelativePath, 5));
        var more = Names.Reverse().Concat(Enumerable.Range(0, 25).Select(i => $"scans/new/extra{i}.jpg")).Select(n => Input(n)).ToList();

        var after = more.ToDictionary(i => i.RelativePath, i => ShardSpec.ShardOf(i.RelativePath, 5));

        Assert.All(Names, n => Assert.Equal(before[n], after[n]));
    }

    [Fact]
    public void Should_hash_the_path_below_the_input_root_the_same_in_every_process_and_on_every_machine()
    {
        // Pinned values: a change here would move files between the shards of archives already being processed.
        Assert.Equal(ShardSpec.ShardOf("a/b.png", 7), ShardSpec.ShardOf(Input("a/b.png", root: "/mnt/other/root").RelativePath, 7));
        Assert.Equal([3, 1, 2], new[] { "photo.bmp", "photo.webp", "sub/scan0.png" }.Select(n => ShardSpec.ShardOf(n, 3)));
        Assert.Equal("box/x.png", new BatchInput(Path.Combine("/r", "box", "x.png"), "box").RelativePath);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    public void Should_exit_2_for_a_shard_that_is_not_K_of_N(string shard)
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a.png"));
        var cli = new CliHarness();

        Assert.Equal(2, cli.Colorize("colorize", dir.File("a.png"), "--shard", shard));
        Assert.Contains("--shard must be K/N", cli.Output);
        Assert.Empty(cli.Models);
    }

    [Fact]
    public void Should_colorize_each_input_once_across_shards_into_one_output_folder()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 9; i++) TestImages.SavePng(TestImages.GrayRamp(10 + i, 10), dir.File($"in/{(i % 2 == 0 ? "" : "sub/")}p{i}.png"));
        var cli = new CliHarness();

        foreach (var k in new[] { "1/3", "2/3", "3/3" })
            Assert.Equal(0, cli.Colorize("colorize", dir.File("in"), "-r", "-o", dir.File("out"), "--render-size", "16", "--shard", k));

        Assert.Equal(9, cli.TotalModelCalls);
        Assert.Equal(9, dir.Files().Count(f => f.StartsWith("out/", StringComparison.Ordinal)));
        Assert.Contains("shard 2/3:", cli.Output);
    }

    private static BatchInput Input(string relativePath, string root = "/data")
    {
        string dir = Path.GetDirectoryName(relativePath) ?? "";
        return new BatchInput(Path.Combine(root, relativePath), dir);
    }
}
