using System.Security.Cryptography;
using System.Text;
using DeepColor.Imaging;

namespace DeepColor.Data;

/// <summary>
/// Disk cache of frozen-extractor embeddings, so an ONNX classifier runs once per image across epochs
/// and runs. One append-only file per (extractor, its weights, preprocessing, width): each record is the
/// SHA-256 of the image's stored pixels followed by its embedding. A torn last record (a crash while
/// appending) is ignored on load.
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    private const int HashLength = 32;
    private readonly Dictionary<string, float[]> _entries = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    /// <param name="directory">Cache folder (created when missing).</param>
    /// <param name="extractorKey">Identifies the extractor: name, weights checksum and preprocessing, e.g. from <see cref="KeyFor"/>.</param>
    /// <param name="dimension">Embedding width.</param>
    public EmbeddingCache(string directory, string extractorKey, int dimension)
    {
        Dimension = dimension;
        Directory.CreateDirectory(directory);
        string name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{extractorKey}|dim={dimension}")))[..16].ToLowerInvariant();
        FilePath = Path.Combine(directory, name + ".emb");
        _file = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        int record = HashLength + dimension * sizeof(float);
        var buffer = new byte[record];
        long complete = _file.Length / record * record;
        while (_file.Position < complete)
        {
            _file.ReadExactly(buffer);
            var vector = new float[dimension];
            Buffer.BlockCopy(buffer, HashLength, vector, 0, dimension * sizeof(float));
            _entries[Convert.ToHexString(buffer, 0, HashLength)] = vector;
        }
        // Drop a partial record left by an interrupted append, then continue after the last whole one.
        if (_file.Length != complete) _file.SetLength(complete);
        _file.Position = complete;
    }

    public int Dimension { get; }
    public string FilePath { get; }
    public int Count { get { lock (_gate) return _entries.Count; } }
    public int Hits { get; private set; }
    public int Misses { get; private set; }

    /// <summary>Share of lookups served from the cache since it was opened.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <summary>The key part that names an extractor setup; any change to it starts a fresh cache file.</summary>
    public static string KeyFor(string extractorName, string? weightsSha256, string preprocessing) =>
        $"{extractorName}|{weightsSha256 ?? "unknown-weights"}|{preprocessing}";

    /// <summary>Content hash of an image as stored for training (size and pixels).</summary>
    public static string ContentHash(RgbaImage image)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(image.Width));
        hash.AppendData(BitConverter.GetBytes(image.Height));
        hash.AppendData(image.Pixels);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public bool TryGet(string contentHash, out float[] embedding)
    {
        lock (_gate)
        {
            bool found = _entries.TryGetValue(contentHash, out var value);
            if (found) Hits++; else Misses++;
            embedding = value ?? [];
            return found;
        }
    }

    public void Add(string contentHash, float[] embedding)
    {
        if (embedding.Length != Dimension) throw new ArgumentException($"embedding has {embedding.Length} values, the cache holds {Dimension}");
        lock (_gate)
        {
            if (!_entries.TryAdd(contentHash, embedding)) return;
            var record = new byte[HashLength + Dimension * sizeof(float)];
            Convert.FromHexString(contentHash).CopyTo(record, 0);
            Buffer.BlockCopy(embedding, 0, record, HashLength, Dimension * sizeof(float));
            _file.Write(record);
            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();
}
