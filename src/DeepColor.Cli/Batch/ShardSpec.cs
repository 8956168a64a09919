using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DeepColor.Cli.Batch;

/// <summary>
/// <c>--shard K/N</c>: shard K (1-based) of N takes the inputs whose relative path hashes to K. The hash is SHA-256 of
/// the path's UTF-8, not string.GetHashCode (randomised per process), so every machine and every rerun agrees, and an
/// input stays in its shard whatever else is added to the folder.
/// </summary>
internal sealed record ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec All = new(1, 1);

    /// <summary>Parses "K/N"; null with a one-line reason when it is not 1 ≤ K ≤ N.</summary>
    public static ShardSpec? Parse(string text, out string? problem)
    {
        var parts = text.Split('/');
        problem = null;
        if (parts.Length == 2 && int.TryParse(parts[0], out int k) && int.TryParse(parts[1], out int n) && n >= 1 && k >= 1 && k <= n)
            return new ShardSpec(k, n);
        problem = $"--shard must be K/N with 1 ≤ K ≤ N, e.g. 1/4 (got '{text}'); array indexes counted from 0 need 1 added";
        return null;
    }

    public bool Contains(BatchInput input) => Count == 1 || ShardOf(input.RelativePath, Count) == Index;

    /// <summary>The 1-based shard of <paramref name="relativePath"/> among <paramref name="count"/>.</summary>
    public static int ShardOf(string relativePath, int count)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(relativePath));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count) + 1;
    }

    public override string ToString() => $"{Index}/{Count}";
}
