namespace DeepColor.Data;

/// <summary>
/// SplitMix64 keyed by (seed, epoch, index): every sample's augmentation is a pure function of its
/// position in the run, so a resumed run sees exactly the batches an uninterrupted one would.
/// </summary>
internal struct DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(long seed, long epoch, long index)
    {
        _state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xBF58476D1CE4E5B9UL ^ (ulong)index * 0x94D049BB133111EBUL;
        NextULong();
    }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [−limit, limit].</summary>
    public double Symmetric(double limit) => (NextDouble() * 2 - 1) * limit;

    /// <summary>Fisher–Yates permutation of 0..n−1.</summary>
    public static int[] Permutation(int n, long seed, long epoch)
    {
        var rng = new DeterministicRandom(seed, epoch, -1);
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(rng.NextULong() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
