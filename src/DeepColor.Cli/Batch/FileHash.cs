using System.Security.Cryptography;

namespace DeepColor.Cli.Batch;

/// <summary>SHA-256 of a file's bytes, lower-case hex, as manifests record inputs, outputs and models.</summary>
internal static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
