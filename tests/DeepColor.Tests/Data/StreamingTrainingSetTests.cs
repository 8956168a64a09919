using System.Formats.Tar;
using DeepColor.Data;
using DeepColor.Imaging;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Data;

public sealed class StreamingTrainingSetTests
{
    private const int Size = 16, Store = 20, Batch = 4;

    /// <summary>A tar of labelled colour PNGs, plus the extra entries given (name → bytes) at the positions given.</summary>
    private static string WriteTar(string path, int images, params (int At, string Name, byte[] Bytes)[] extra)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        void Write(string name, byte[] bytes) =>
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        for (int i = 0; i < images; i++)
        {
            foreach (var e in extra.Where(e => e.At == i)) Write(e.Name, e.Bytes);
            var png = new MemoryStream();
            ImageEncoder.Encode(SyntheticImages.Shapes(24, 24 + i % 5, i), png, ImageFormat.Png);
            Write($"train/n0000{i % 3}/img{i:D3}.png", png.ToArray());
        }
        return path;
    }

    private static byte[] GrayPng()
    {
        var gray = SyntheticImages.Shapes(24, 24, 99);
        for (int i = 0; i < gray.Pixels.Length; i += 4) gray.Pixels[i + 1] = gray.Pixels[i + 2] = gray.Pixels[i];
        var png = new MemoryStream();
        ImageEncoder.Encode(gray, png, ImageFormat.Png);
        return png.ToArray();
    }

    private static List<ColorBatch> Batches(ITrainingSet set, int epoch, int startBatch = 0, int workers = 1)
    {
        var labels = LabelMap.FromLabels(set.Labels);
        using var loader = new BatchLoader(set, labels, null, Size, Batch, AugmentOptions.Parse("seed"), seed: 5, epoch, shuffle: true,
            startBatch: startBatch, workers: workers);
        return loader.Batches().ToList();
    }

    private static void AssertSame(IReadOnlyList<ColorBatch> expected, IReadOnlyList<ColorBatch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int b = 0; b < expected.Count; b++)
        {
            Assert.Equal(expected[b].Index, actual[b].Index);
            Assert.Equal(expected[b].Names, actual[b].Names);
            Assert.Equal(expected[b].Labels, actual[b].Labels);
            Assert.Equal(expected[b].L, actual[b].L);
            Assert.Equal(expected[b].Ab, actual[b].Ab);
        }
    }

    [Fact]
    public void Should_give_the_in_memory_loaders_batches_when_streaming_a_clean_folder()
    {
        using var tmp = new TempDir();
        string root = SyntheticImages.WriteFolder(tmp.File("set"), classes: 3, perClass: 4, size: 24);
        var (images, _) = new DatasetLoader(Store).Load([root]);

        var streamed = StreamingTrainingSet.Index([root], Store);

        Assert.Equal(images.Count, streamed.Count);
        AssertSame(Batches(new InMemoryTrainingSet(images), epoch: 1), Batches(streamed, epoch: 1));
    }

    [Fact]
    public void Should_stream_the_same_batches_from_a_tar_in_every_run_whatever_the_number_of_workers()
    {
        using var tmp = new TempDir();
        string tar = WriteTar(tmp.File("train-000.tar"), images: 14);

        var first = Batches(StreamingTrainingSet.Index([tar], Store), epoch: 2);
        var again = Batches(StreamingTrainingSet.Index([tar], Store), epoch: 2, workers: 3);
        var otherEpoch = Batches(StreamingTrainingSet.Index([tar], Store), epoch: 3);

        Assert.Equal(14 / Batch, first.Count);
        AssertSame(first, again);
        Assert.NotEqual(first[0].Names, otherEpoch[0].Names);
    }

    [Fact]
    public void Should_resume_mid_epoch_with_the_batches_an_uninterrupted_epoch_gives()
    {
        using var tmp = new TempDir();
        string tar = WriteTar(tmp.File("train.tar"), images: 18, (3, "train/n00000/broken.png", [1, 2, 3]), (9, "train/n00001/gray.png", GrayPng()));

        var whole = Batches(StreamingTrainingSet.Index([tar], Store), epoch: 0);
        var resumed = Batches(StreamingTrainingSet.Index([tar], Store), epoch: 0, startBatch: 2);

        AssertSame(whole.Skip(2).ToList(), resumed);
    }

    [Fact]
    public void Should_skip_unreadable_and_grayscale_records_counting_each_once_and_keep_batches_full()
    {
        using var tmp = new TempDir();
        string tar = WriteTar(tmp.File("train.tar"), images: 12,
            (0, "train/n00000/broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]), (4, "train/n00001/empty.png", []), (7, "train/n00002/gray.png", GrayPng()));
        var set = StreamingTrainingSet.Index([tar], Store);

        var epochs = Enumerable.Range(0, 3).SelectMany(epoch => Batches(set, epoch)).ToList();

        Assert.Equal(15, set.Count);
        Assert.All(epochs, b => Assert.Equal(Batch, b.Count));
        Assert.DoesNotContain(epochs.SelectMany(b => b.Names), n => n.Contains("broken") || n.Contains("empty") || n.Contains("gray"));
        var report = set.Skipped.Report(set.Count - set.UnusableCount);
        Assert.Equal(2, report.Unreadable);
        Assert.Equal(1, report.Grayscale);
        Assert.EndsWith("train.tar:train/n00002/gray.png", report.FirstGrayscale[0]);
        Assert.Equal(3, set.UnusableCount);
    }

    [Fact]
    public void Should_index_a_tar_without_reading_its_image_bytes_and_read_each_record_back_by_its_offset()
    {
        using var tmp = new TempDir();
        string tar = tmp.File("big.tar");
        const int Entries = 12, EntrySize = 256 * 1024;
        var payloads = Enumerable.Range(0, Entries).Select(i =>
        {
            var bytes = new byte[EntrySize - i];
            new Random(i).NextBytes(bytes);
            return bytes;
        }).ToList();
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
            for (int i = 0; i < Entries; i++)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"c{i % 2}/x{i}.png") { DataStream = new MemoryStream(payloads[i]) });

        long before = GC.GetAllocatedBytesForCurrentThread();
        var set = StreamingTrainingSet.Index([tar], Store);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 3 MB of entries; the index holds names and offsets only.
        Assert.InRange(allocated, 0, EntrySize);
        Assert.Equal(Entries, set.Count);
        Assert.Equal(["c0", "c1"], set.Labels.Distinct().Order());
        for (int i = Entries - 1; i >= 0; i--) Assert.Equal(payloads[i], set.Records[i].Read().Bytes);
    }

    [Fact]
    public void Should_index_the_same_evenly_spread_subset_as_the_in_memory_loader_under_a_limit()
    {
        using var tmp = new TempDir();
        string root = SyntheticImages.WriteFolder(tmp.File("set"), classes: 4, perClass: 5, size: 24);

        var (images, _) = new DatasetLoader(Store, limit: 6).Load([root]);
        var streamed = StreamingTrainingSet.Index([root], Store, limit: 6);

        Assert.Equal(images.Select(i => i.Name), streamed.Records.Select(r => r.Name));
    }

    [Fact]
    public void Should_name_the_source_when_no_streamed_record_is_usable()
    {
        using var tmp = new TempDir();
        string tar = tmp.File("bad.tar");
        using (var stream = File.Create(tar))
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
            for (int i = 0; i < 5; i++)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"x{i}.png") { DataStream = new MemoryStream([1, 2, 3]) });

        var e = Assert.Throws<InvalidDataException>(() => Batches(StreamingTrainingSet.Index([tar], Store), epoch: 0));

        Assert.StartsWith(tar + ": none of the 5 streamed records", e.Message);
    }
}
