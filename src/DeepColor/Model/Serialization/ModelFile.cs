using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model.Serialization;

/// <summary>
/// The DeepColor model file: one self-describing file holding a network's weights and how to use them.
/// </summary>
/// <remarks>
/// Layout (all integers little-endian):
/// <c>"DCLR"</c> · uint32 format version · uint64 header length · UTF-8 JSON header (space-padded to 8 bytes) ·
/// data section (tensors back to back, each contiguous, row-major) · SHA-256 of everything before it (32 bytes).
/// The JSON header holds <see cref="ModelFileHeader"/>'s fields and a <c>tensors</c> table
/// (name, dtype, shape, offset and length within the data section).
/// Reading never runs code or resolves type names: it parses JSON and copies bytes.
/// </remarks>
public static class ModelFile
{
    public const int CurrentFormatVersion = 1;

    /// <summary>Conventional extension.</summary>
    public const string Extension = ".dclr";

    internal const int PrefixLength = 16;
    internal const int ChecksumLength = 32;
    private const int HeaderAlignment = 8;

    internal static ReadOnlySpan<byte> Magic => "DCLR"u8;

    /// <summary>
    /// Writes tensors and header to <paramref name="path"/> atomically (temp file, then rename).
    /// Floating tensors are stored as <paramref name="precision"/>; int64 tensors are stored as is.
    /// </summary>
    public static void Save(string path, ModelFileHeader header, IReadOnlyList<(string Name, Tensor Tensor)> tensors,
        TensorPrecision precision = TensorPrecision.Float32)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("model files are written on little-endian machines only");
        var entries = PlanTable(tensors, precision);
        var json = header.ToJson(CurrentFormatVersion);
        json["tensors"] = new JsonArray(entries.Select(EntryToJson).ToArray());
        byte[] headerBytes = PaddedUtf8(json.ToJsonString());

        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                void Write(ReadOnlySpan<byte> bytes)
                {
                    stream.Write(bytes);
                    hash.AppendData(bytes);
                }

                Span<byte> prefix = stackalloc byte[PrefixLength];
                Magic.CopyTo(prefix);
                BinaryPrimitives.WriteUInt32LittleEndian(prefix[4..], CurrentFormatVersion);
                BinaryPrimitives.WriteUInt64LittleEndian(prefix[8..], (ulong)headerBytes.Length);
                Write(prefix);
                Write(headerBytes);
                for (int i = 0; i < tensors.Count; i++)
                {
                    using var scope = NewDisposeScope();
                    var stored = tensors[i].Tensor.detach().cpu().to_type(ScalarTypeOf(entries[i].DType)).contiguous();
                    Write(stored.bytes);
                }
                stream.Write(hash.GetHashAndReset());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads, verifies and materialises a model file. Floating tensors come back as float32 on the CPU.
    /// Every failure is a <see cref="ModelFileException"/> naming the file.
    /// </summary>
    public static LoadedModel Load(string path, string? expectedArchitecture = null)
    {
        byte[] bytes = ReadAll(path);
        var parsed = Parse(bytes, path, expectedArchitecture);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in parsed.Entries)
            {
                var span = bytes.AsSpan(checked((int)(parsed.DataStart + entry.Offset)), checked((int)entry.Length));
                tensors.Add(entry.Name, Materialize(entry, span));
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new LoadedModel(path, parsed.Header, parsed.Entries, tensors);
    }

    /// <summary>Checks a file completely (magic, version, checksum, JSON, tensor table) without creating tensors.</summary>
    public static ModelFileInfo Verify(string path, string? expectedArchitecture = null)
    {
        byte[] bytes = ReadAll(path);
        var parsed = Parse(bytes, path, expectedArchitecture);
        return new ModelFileInfo(path, parsed.Header, parsed.Entries, bytes.LongLength);
    }

    /// <summary>Reads only the prefix and JSON header (no checksum): cheap, for listings.</summary>
    public static ModelFileHeader ReadHeader(string path)
    {
        FileStream stream;
        try { stream = File.OpenRead(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ModelFileException(path, ModelFileFailure.NotFound, "cannot open: " + e.Message, e); }
        using (stream)
        {
            var prefix = new byte[PrefixLength];
            int got = stream.ReadAtLeast(prefix, PrefixLength, throwOnEndOfStream: false);
            long headerLength = CheckPrefix(prefix.AsSpan(0, got), stream.Length, path);
            var json = new byte[headerLength];
            stream.ReadExactly(json);
            return ParseJson(json, path).Header;
        }
    }

    /// <summary>
    /// Copies a loaded file's tensors into <paramref name="module"/>'s parameters and buffers under no_grad.
    /// Names and shapes must match the module's state exactly, except tensors for which
    /// <paramref name="mayDiffer"/> is true: those are left as they are when absent or shaped differently
    /// (fine-tuning with a new class head, say). Otherwise nothing is copied and the error lists the
    /// missing, unexpected and mismatched names. Returns the names that were left as they were.
    /// </summary>
    public static IReadOnlyList<string> LoadInto(nn.Module module, LoadedModel file, Func<string, bool>? mayDiffer = null)
    {
        var state = module.state_dict();
        bool Strict(string k) => mayDiffer is null || !mayDiffer(k);
        bool Fits(string k) => file.Tensors.TryGetValue(k, out var t) && state[k].shape.SequenceEqual(t.shape);
        var missing = state.Keys.Where(k => Strict(k) && !file.Tensors.ContainsKey(k)).ToList();
        var unexpected = file.Tensors.Keys.Where(k => Strict(k) && !state.ContainsKey(k)).ToList();
        var mismatched = state.Keys.Where(k => Strict(k) && file.Tensors.ContainsKey(k) && !Fits(k))
            .Select(k => $"{k} (module {Shape(state[k].shape)}, file {Shape(file.Tensors[k].shape)})").ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add("missing from file: " + string.Join(", ", missing));
            if (unexpected.Count > 0) parts.Add("not in module: " + string.Join(", ", unexpected));
            if (mismatched.Count > 0) parts.Add("shape mismatch: " + string.Join(", ", mismatched));
            throw new ModelFileException(file.Path, ModelFileFailure.StateMismatch,
                $"does not fit module {module.GetName()} ({file.Header.Architecture}): {string.Join("; ", parts)}");
        }
        using var noGrad = no_grad();
        var kept = new List<string>();
        foreach (var (name, target) in state)
        {
            if (Fits(name)) target.copy_(file.Tensors[name]);
            else kept.Add(name);
        }
        return kept;
    }

    // ---------- writing ----------

    private static List<ModelTensorEntry> PlanTable(IReadOnlyList<(string Name, Tensor Tensor)> tensors, TensorPrecision precision)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<ModelTensorEntry>(tensors.Count);
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("tensor names must be non-empty", nameof(tensors));
            if (!seen.Add(name)) throw new ArgumentException($"tensor name '{name}' appears twice", nameof(tensors));
            var dtype = tensor.dtype switch
            {
                ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16 =>
                    precision == TensorPrecision.Float16 && FitsHalf(tensor) ? StoredDType.F16 : StoredDType.F32,
                ScalarType.Int64 => StoredDType.I64,
                _ => throw new ArgumentException($"tensor '{name}' has dtype {tensor.dtype}; only floating and int64 tensors are stored", nameof(tensors)),
            };
            var shape = tensor.shape.ToArray();
            long length = checked(shape.Aggregate(1L, (a, d) => a * d) * ModelTensorEntry.ElementSize(dtype));
            entries.Add(new ModelTensorEntry(name, dtype, shape, offset, length));
            offset += length;
        }
        return entries;
    }

    /// <summary>Largest finite fp16 value; anything larger rounds to infinity.</summary>
    private const float HalfMax = 65504f;

    /// <summary>
    /// Whether every finite value survives rounding to fp16. A tensor that does not (a batch norm's running
    /// variance of an unnormalised input channel can exceed 65,504) stays fp32, so an fp16 file never turns a
    /// large statistic into infinity and silences its channel. Infinities and NaNs are stored as they are.
    /// </summary>
    private static bool FitsHalf(Tensor tensor)
    {
        if (tensor.numel() == 0) return true;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var magnitude = tensor.detach().abs().to_type(ScalarType.Float32);
        var finite = magnitude.where(magnitude.isfinite(), zeros_like(magnitude));
        return finite.max().item<float>() <= HalfMax;
    }

    private static JsonNode EntryToJson(ModelTensorEntry e) => new JsonObject
    {
        ["name"] = e.Name,
        ["dtype"] = e.DType.ToString(),
        ["shape"] = new JsonArray(e.Shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        ["offset"] = e.Offset,
        ["length"] = e.Length,
    };

    private static byte[] PaddedUtf8(string json)
    {
        // Space padding keeps the data section aligned and is still valid JSON whitespace.
        int length = Encoding.UTF8.GetByteCount(json);
        int padded = (PrefixLength + length + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment - PrefixLength;
        var bytes = new byte[padded];
        Encoding.UTF8.GetBytes(json, bytes);
        bytes.AsSpan(length).Fill((byte)' ');
        return bytes;
    }

    private static ScalarType ScalarTypeOf(StoredDType dtype) => dtype switch
    {
        StoredDType.F32 => ScalarType.Float32,
        StoredDType.F16 => ScalarType.Float16,
        StoredDType.I64 => ScalarType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    // ---------- reading ----------

    private sealed record ParsedFile(ModelFileHeader Header, IReadOnlyList<ModelTensorEntry> Entries, long DataStart);

    private static byte[] ReadAll(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ModelFileException(path, ModelFileFailure.NotFound, "cannot read: " + e.Message, e); }
    }

    /// <summary>Checks magic and version; returns the JSON header length, which is known to fit in the file.</summary>
    private static long CheckPrefix(ReadOnlySpan<byte> prefix, long fileLength, string path)
    {
        int magicBytes = Math.Min(prefix.Length, Magic.Length);
        if (!prefix[..magicBytes].SequenceEqual(Magic[..magicBytes]))
            throw new ModelFileException(path, ModelFileFailure.WrongMagic, "not a DeepColor model file (no DCLR magic)");
        if (prefix.Length < PrefixLength || fileLength < PrefixLength + ChecksumLength)
            throw new ModelFileException(path, ModelFileFailure.Truncated, $"truncated: only {fileLength} bytes");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[4..]);
        if (version != CurrentFormatVersion)
            throw new ModelFileException(path, ModelFileFailure.UnsupportedVersion,
                $"format version {version} is not supported (this build reads version {CurrentFormatVersion})");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix[8..]);
        if (headerLength > (ulong)(fileLength - PrefixLength - ChecksumLength))
            throw new ModelFileException(path, ModelFileFailure.Truncated,
                $"truncated: header claims {headerLength} bytes but the file has {fileLength} in all");
        return (long)headerLength;
    }

    private static ParsedFile Parse(byte[] bytes, string path, string? expectedArchitecture)
    {
        long length = bytes.LongLength;
        long headerLength = CheckPrefix(bytes, length, path);
        long dataStart = PrefixLength + headerLength;
        long dataLength = length - dataStart - ChecksumLength;

        var body = bytes.AsSpan(0, (int)(length - ChecksumLength));
        bool intact = SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan((int)(length - ChecksumLength)));
        if (!intact)
        {
            // A short file fails the checksum too; tell the two apart by what the (readable) table declares.
            long? declared = TryDeclaredDataLength(bytes.AsSpan(PrefixLength, (int)headerLength));
            if (declared is long d && d > dataLength)
                throw new ModelFileException(path, ModelFileFailure.Truncated,
                    $"truncated: the tensor table needs {d} data bytes, the file holds {Math.Max(0, dataLength)}");
            throw new ModelFileException(path, ModelFileFailure.Corrupted, "corrupted: SHA-256 checksum does not match the content");
        }

        var (header, entries) = ParseJson(bytes.AsSpan(PrefixLength, (int)headerLength), path);
        CheckTable(entries, dataLength, path);
        if (expectedArchitecture is not null && !string.Equals(header.Architecture, expectedArchitecture, StringComparison.Ordinal))
            throw new ModelFileException(path, ModelFileFailure.WrongArchitecture,
                $"holds architecture '{header.Architecture}', expected '{expectedArchitecture}'");
        return new ParsedFile(header, entries, dataStart);
    }

    private static (ModelFileHeader Header, List<ModelTensorEntry> Entries) ParseJson(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root) throw new FormatException("header is not a JSON object");
            var header = ModelFileHeader.FromJson(root);
            if (header.FormatVersion != CurrentFormatVersion)
                throw new FormatException($"header says format version {header.FormatVersion}, the file prefix says {CurrentFormatVersion}");
            if (root["tensors"] is not JsonArray table) throw new FormatException("header field 'tensors' is missing or not an array");
            return (header, table.Select(EntryFromJson).ToList());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ModelFileException(path, ModelFileFailure.BadJson, "bad header: " + e.Message, e);
        }
    }

    private static ModelTensorEntry EntryFromJson(JsonNode? node)
    {
        if (node is not JsonObject o) throw new FormatException("a tensor table row is not an object");
        string name = ModelFileHeader.RequiredString(o, "name");
        string dtypeText = ModelFileHeader.RequiredString(o, "dtype");
        var dtype = dtypeText switch
        {
            "F32" => StoredDType.F32,
            "F16" => StoredDType.F16,
            "I64" => StoredDType.I64,
            _ => throw new FormatException($"tensor '{name}' has unknown dtype '{dtypeText}'"),
        };
        if (o["shape"] is not JsonArray shapeNode) throw new FormatException($"tensor '{name}' has no shape array");
        var shape = shapeNode.Select(d => d is JsonValue v && v.TryGetValue<long>(out var x) && x >= 0 ? x
            : throw new FormatException($"tensor '{name}' has a bad shape entry")).ToArray();
        return new ModelTensorEntry(name, dtype, shape, RequiredLong(o, "offset", name), RequiredLong(o, "length", name));
    }

    private static long RequiredLong(JsonObject o, string field, string tensor) =>
        o[field] is JsonValue v && v.TryGetValue<long>(out var x) ? x
            : throw new FormatException($"tensor '{tensor}' field '{field}' is missing or not an integer");

    private static long? TryDeclaredDataLength(ReadOnlySpan<byte> json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root || root["tensors"] is not JsonArray table) return null;
            return table.Select(EntryFromJson).Select(e => e.Offset + e.Length).DefaultIfEmpty(0).Max();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static void CheckTable(List<ModelTensorEntry> entries, long dataLength, string path)
    {
        void Fail(string why) => throw new ModelFileException(path, ModelFileFailure.TableInconsistent, "tensor table inconsistent: " + why);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long covered = 0, end = 0;
        foreach (var e in entries.OrderBy(e => e.Offset))
        {
            if (!names.Add(e.Name)) Fail($"tensor '{e.Name}' appears twice");
            long expected;
            try { expected = checked(e.ElementCount * ModelTensorEntry.ElementSize(e.DType)); }
            catch (OverflowException) { Fail($"tensor '{e.Name}' shape is too large"); return; }
            if (e.Length != expected) Fail($"tensor '{e.Name}' is {e.Length} bytes, its shape and dtype need {expected}");
            if (e.Offset < 0 || e.Offset > dataLength || e.Length > dataLength - e.Offset)
                Fail($"tensor '{e.Name}' [{e.Offset}, {e.Offset + e.Length}) lies outside the {dataLength}-byte data section");
            if (e.Offset < end) Fail($"tensor '{e.Name}' overlaps the previous tensor");
            end = e.Offset + e.Length;
            covered += e.Length;
        }
        if (covered != dataLength) Fail($"{dataLength - covered} data bytes belong to no tensor");
    }

    private static Tensor Materialize(ModelTensorEntry entry, ReadOnlySpan<byte> data)
    {
        var shape = entry.Shape.ToArray();
        if (entry.DType != StoredDType.F16)
        {
            var t = empty(shape, ScalarTypeOf(entry.DType));
            data.CopyTo(t.bytes);
            return t;
        }
        using var half = empty(shape, ScalarType.Float16);
        data.CopyTo(half.bytes);
        return half.to_type(ScalarType.Float32);
    }

    private static string Shape(long[] shape) => "[" + string.Join(",", shape) + "]";
}
