using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DeepColor.Tests.Model.Serialization;

/// <summary>Writes files in the DCLR layout by hand, with a valid checksum, to test what the reader refuses past the checksum.</summary>
internal static class RawModelFile
{
    public static void Write(string path, uint version, string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var body = new byte[16 + header.Length + data.Length];
        "DCLR"u8.CopyTo(body);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), version);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8), (ulong)header.Length);
        header.CopyTo(body, 16);
        data.CopyTo(body, 16 + header.Length);
        File.WriteAllBytes(path, [.. body, .. SHA256.HashData(body)]);
    }

    /// <summary>Replaces bytes in an existing file and re-seals it with a fresh checksum.</summary>
    public static void PatchAndReseal(string path, int offset, ReadOnlySpan<byte> replacement)
    {
        var bytes = File.ReadAllBytes(path);
        replacement.CopyTo(bytes.AsSpan(offset));
        var body = bytes.AsSpan(0, bytes.Length - 32);
        SHA256.HashData(body).CopyTo(bytes.AsSpan(bytes.Length - 32));
        File.WriteAllBytes(path, bytes);
    }

    public const string ValidHeaderFields =
        "\"formatVersion\":1,\"architecture\":\"test-net\",\"architectureConfig\":{},\"extractorId\":null,\"extractorSha256\":null," +
        "\"colorConventions\":{},\"trainingSummary\":{},\"createdUtc\":\"2025-01-01T00:00:00.0000000+00:00\"";
}
