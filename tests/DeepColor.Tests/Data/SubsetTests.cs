using DeepColor.Data;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Data;

public sealed class SubsetTests
{
    [Theory]
    [InlineData(10, 100)]
    [InlineData(7, 9)]
    [InlineData(5, 5)]
    [InlineData(20, 6)]
    public void Should_take_exactly_the_wanted_count_spread_over_the_whole_range(long wanted, long total)
    {
        var subset = new EvenSubset(wanted, total);
        var taken = Enumerable.Range(0, (int)total).Where(_ => subset.Next()).ToList();

        Assert.Equal(Math.Min(wanted, total), taken.Count);
        // Spread: no gap between taken items is more than one stride longer than another.
        var gaps = taken.Zip(taken.Skip(1), (a, b) => b - a).ToList();
        if (gaps.Count > 0) Assert.True(gaps.Max() - gaps.Min() <= 1, string.Join(",", gaps));
        Assert.True(taken[^1] >= total - Math.Ceiling((double)total / wanted));
    }

    [Fact]
    public void Should_limit_a_class_sorted_folder_to_images_from_every_class()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("set"), classes: 4, perClass: 5, size: 24);

        var (images, _) = new DatasetLoader(storeSize: 24, limit: 8).Load([tmp.File("set")]);

        Assert.Equal(8, images.Count);
        Assert.Equal(4, images.Select(i => i.Label).Distinct().Count());
    }

    [Fact]
    public void Should_count_entries_without_reading_them()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("set"), classes: 2, perClass: 3, size: 16);
        File.WriteAllText(Path.Combine(tmp.File("set"), "notes.txt"), "not an image");

        Assert.Equal(6, ImageSourceReader.Count([tmp.File("set")]));
    }
}
