using System.Formats.Tar;
using DeepColor.Data;
using DeepColor.Imaging;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Data;

public sealed class ImageSourceReaderTests
{
    [Fact]
    public void Should_read_a_folder_tree_recursively_with_parent_folders_as_labels()
    {
        using var tmp = new TempDir();
        SyntheticImages.WriteFolder(tmp.File("set"), classes: 2, perClass: 3, size: 16);
        File.WriteAllText(Path.Combine(tmp.File("set"), "notes.txt"), "not an image");

        var records = ImageSourceReader.Read(tmp.File("set")).ToList();

        Assert.Equal(6, records.Count);
        Assert.Equal(new[] { "class-0", "class-1" }, records.Select(r => r.Label).Distinct().Order());
    }

    [Fact]
    public void Should_read_tar_shards_in_place_through_a_pattern()
    {
        using var tmp = new TempDir();
        for (int shard = 0; shard < 2; shard++)
        {
            using var stream = File.Create(tmp.File($"train-00{shard}.tar"));
            using var writer = new TarWriter(stream, TarEntryFormat.Pax);
            for (int i = 0; i < 3; i++)
            {
                var bytes = new MemoryStream();
                ImageEncoder.Encode(SyntheticImages.Shapes(16, 16, i), bytes, ImageFormat.Png);
                bytes.Position = 0;
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"train/n0000{shard}/img{i}.png") { DataStream = bytes });
            }
        }

        var records = ImageSourceReader.Read(Path.Combine(tmp.Path, "train-*.tar")).ToList();

        Assert.Equal(6, records.Count);
        Assert.Equal(new[] { "n00000", "n00001" }, records.Select(r => r.Label).Distinct().Order());
        Assert.All(records, r => Assert.Contains(".tar:train/", r.Name));
    }

    [Fact]
    public void Should_name_the_spec_when_nothing_matches()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ImageSourceReader.Read("/nonexistent/shards-*.tar").ToList());
        Assert.Contains("shards-*.tar", e.Message);
    }

    [Fact]
    public void Should_skip_unreadable_and_grayscale_images_with_counts_and_names()
    {
        using var tmp = new TempDir();
        string root = SyntheticImages.WriteFolder(tmp.File("set"), classes: 1, perClass: 4, size: 24);
        File.WriteAllBytes(Path.Combine(root, "class-0", "broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(root, "class-0", "empty.png"), []);
        var gray = SyntheticImages.Shapes(24, 24, 99);
        for (int i = 0; i < gray.Pixels.Length; i += 4) gray.Pixels[i + 1] = gray.Pixels[i + 2] = gray.Pixels[i];
        ImageEncoder.Save(gray, Path.Combine(root, "class-0", "gray.png"), ImageFormat.Png);

        var (images, report) = new DatasetLoader(storeSize: 20).Load([root]);

        Assert.Equal(4, images.Count);
        Assert.Equal(2, report.Unreadable);
        Assert.Contains(report.FirstUnreadable, n => n.EndsWith("broken.jpg"));
        Assert.Equal(1, report.Grayscale);
        Assert.EndsWith("gray.png", report.FirstGrayscale[0]);
        Assert.All(images, i => Assert.Equal(20, Math.Min(i.Image.Width, i.Image.Height)));
    }
}
