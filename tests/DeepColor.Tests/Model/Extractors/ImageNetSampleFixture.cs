using System.Formats.Tar;
using DeepColor.Imaging;
using DeepColor.Model.Extractors;

namespace DeepColor.Tests.Model.Extractors;

/// <summary>One MobileNetV2 extractor and 20 labelled ImageNet images (every 50th class), shared by a test class.</summary>
public sealed class ImageNetSampleFixture : IDisposable
{
    public const int Count = 20;

    public ImageNetSampleFixture()
    {
        if (!SharedDataLocator.HasMobileNetV2) return;
        Extractor = (OnnxFeatureExtractor)ExtractorRegistry.Default.Create("mobilenetv2", modelPath: SharedDataLocator.MobileNetV2);
        // Entries are named nXXXXXXXX_label.JPEG; sorted wnids give the standard ImageNet class index.
        var names = ReadEntries(_ => false).Keys.Order(StringComparer.Ordinal).ToList();
        var chosen = Enumerable.Range(0, Count).Select(i => i * (names.Count / Count)).ToDictionary(i => names[i]);
        var bytes = ReadEntries(chosen.ContainsKey);
        foreach (var (name, cls) in chosen)
        {
            Images.Add(ImageDecoder.Decode(bytes[name]!, name));
            Labels.Add(cls);
            Names.Add(name);
        }
    }

    /// <summary>Entry file names, with their bytes only where <paramref name="wanted"/> says so (the tar is seekable, so others are skipped).</summary>
    private static Dictionary<string, byte[]?> ReadEntries(Func<string, bool> wanted)
    {
        var result = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        using var reader = new TarReader(File.OpenRead(SharedDataLocator.ImageNetSample));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            string name = Path.GetFileName(entry.Name);
            byte[]? data = null;
            if (wanted(name))
            {
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                data = ms.ToArray();
            }
            result[name] = data;
        }
        return result;
    }

    public OnnxFeatureExtractor? Extractor { get; }
    public List<RgbaImage> Images { get; } = [];
    public List<int> Labels { get; } = [];
    public List<string> Names { get; } = [];

    public void Dispose() => Extractor?.Dispose();
}
