using System.Formats.Tar;
using DeepColor.Evaluation;
using DeepColor.Imaging;

namespace DeepColor.Tests.Evaluation;

public sealed class EvaluationDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepcolor-evalset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Png(RgbaImage image)
    {
        using var stream = new MemoryStream();
        ImageEncoder.Encode(image, stream, ImageFormat.Png);
        return stream.ToArray();
    }

    private string MakeFolder()
    {
        string root = Path.Combine(_dir, "photos");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.WriteAllBytes(Path.Combine(root, "b.png"), Png(TestImages.Colourful(8, 6)));
        File.WriteAllBytes(Path.Combine(root, "sub", "a.PNG"), Png(TestImages.Colourful(5, 7)));
        File.WriteAllBytes(Path.Combine(root, "broken.jpg"), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(root, "notes.txt"), "not an image");
        return root;
    }

    [Fact]
    public void Should_read_a_folder_recursively_in_name_order_and_skip_unreadable_images()
    {
        var dataset = EvaluationDataset.Open(MakeFolder());

        var images = dataset.ToList();

        Assert.Equal(3, dataset.EntryCount);
        Assert.Equal(["b.png", "sub/a.PNG"], images.Select(i => i.Name));
        Assert.Equal((5, 7), (images[1].Image.Width, images[1].Image.Height));
        var skipped = Assert.Single(dataset.Skipped);
        Assert.Equal("broken.jpg", skipped.Name);
    }

    [Fact]
    public void Should_stop_after_the_limit()
    {
        var dataset = EvaluationDataset.Open(MakeFolder(), limit: 1);

        Assert.Single(dataset);
        Assert.Equal(1, dataset.EntryCount);
    }

    [Fact]
    public void Should_read_image_entries_of_a_tar_in_place()
    {
        string tar = Path.Combine(_dir, "set.tar");
        using (var writer = new TarWriter(File.Create(tar)))
        {
            Add(writer, "val/one.png", Png(TestImages.Colourful(4, 4)));
            Add(writer, "val/readme.txt", "hello"u8.ToArray());
            Add(writer, "val/two.jpeg", [0xFF, 0xD8, 0xFF]);
            Add(writer, "val/three.png", Png(TestImages.Solid(3, 2, 9, 9, 9)));
        }

        var dataset = EvaluationDataset.Open(tar);
        var images = dataset.ToList();

        Assert.Equal(3, dataset.EntryCount);
        Assert.Equal(["val/one.png", "val/three.png"], images.Select(i => i.Name));
        Assert.Equal("val/two.jpeg", Assert.Single(dataset.Skipped).Name);

        static void Add(TarWriter writer, string name, byte[] bytes) =>
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
    }

    [Fact]
    public void Should_name_a_missing_path()
    {
        string missing = Path.Combine(_dir, "nope");

        var e = Assert.Throws<FileNotFoundException>(() => EvaluationDataset.Open(missing));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Should_spread_a_limit_over_the_whole_archive_rather_than_take_its_first_entries()
    {
        string tar = Path.Combine(_dir, "sorted.tar");
        using (var writer = new TarWriter(File.Create(tar)))
        {
            foreach (var cls in new[] { "a", "b", "c", "d" })
                for (int k = 0; k < 3; k++)
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"val/{cls}/{k}.png") { DataStream = new MemoryStream(Png(TestImages.Colourful(4, 4, seed: k))) });
        }

        var images = EvaluationDataset.Open(tar, limit: 4).ToList();

        Assert.Equal(4, images.Count);
        Assert.Equal(["a", "b", "c", "d"], images.Select(i => i.Name.Split('/')[1]));
    }

    [Fact]
    public void Should_read_every_shard_a_pattern_matches_and_a_single_image_file()
    {
        foreach (var shard in new[] { "val-0.tar", "val-1.tar" })
        {
            using var writer = new TarWriter(File.Create(Path.Combine(_dir, shard)));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{shard}.png") { DataStream = new MemoryStream(Png(TestImages.Colourful(4, 4))) });
        }
        string single = Path.Combine(_dir, "one.png");
        File.WriteAllBytes(single, Png(TestImages.Colourful(6, 3)));

        var shards = EvaluationDataset.Open(Path.Combine(_dir, "val-*.tar")).ToList();
        var file = Assert.Single(EvaluationDataset.Open(single));

        Assert.Equal(["val-0.tar.png", "val-1.tar.png"], shards.Select(i => i.Name));
        Assert.Equal(("one.png", 6), (file.Name, file.Image.Width));
    }

    [Fact]
    public void Should_not_take_dot_files_for_images()
    {
        string root = MakeFolder();
        File.WriteAllBytes(Path.Combine(root, "._b.png"), [0, 5, 22, 7]);

        var dataset = EvaluationDataset.Open(root);

        Assert.Equal(3, dataset.EntryCount);
        Assert.DoesNotContain(dataset.Skipped, s => s.Name.Contains("._"));
    }
}
