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
        var all = new List<(string Name, byte[] Bytes)>();
        using (var reader = new TarReader(File.OpenRead(SharedDataLocator.ImageNetSample)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                using var ms = new MemoryStream();
                entry.DataStream.CopyTo(ms);
                all.Add((Path.GetFileName(entry.Name), ms.ToArray()));
            }
        }
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int cls = 0; cls < all.Count && Images.Count < Count; cls += all.Count / Count)
        {
            Images.Add(ImageDecoder.Decode(all[cls].Bytes, all[cls].Name));
            Labels.Add(cls);
            Names.Add(all[cls].Name);
        }
    }

    public OnnxFeatureExtractor? Extractor { get; }
    public List<RgbaImage> Images { get; } = [];
    public List<int> Labels { get; } = [];
    public List<string> Names { get; } = [];

    public void Dispose() => Extractor?.Dispose();
}
