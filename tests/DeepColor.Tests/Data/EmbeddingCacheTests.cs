using DeepColor.Data;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Data;

public sealed class EmbeddingCacheTests
{
    [Fact]
    public void Should_serve_stored_embeddings_after_reopening_and_count_hits()
    {
        using var tmp = new TempDir();
        string key = EmbeddingCache.KeyFor("mobilenetv2.onnx_zoo_int8", "abc", "store=80");
        string hash = EmbeddingCache.ContentHash(SyntheticImages.Shapes(8, 8, 1));
        using (var cache = new EmbeddingCache(tmp.Path, key, 3))
        {
            Assert.False(cache.TryGet(hash, out _));
            cache.Add(hash, [1f, 2f, 3f]);
        }
        using var reopened = new EmbeddingCache(tmp.Path, key, 3);
        Assert.True(reopened.TryGet(hash, out var value));
        Assert.Equal(new[] { 1f, 2f, 3f }, value);
        Assert.Equal(1.0, reopened.HitRate);
    }

    [Fact]
    public void Should_key_by_extractor_weights_and_preprocessing()
    {
        using var tmp = new TempDir();
        var image = SyntheticImages.Shapes(8, 8, 1);
        string hash = EmbeddingCache.ContentHash(image);
        using (var a = new EmbeddingCache(tmp.Path, EmbeddingCache.KeyFor("x", "w1", "store=80"), 2)) a.Add(hash, [1f, 1f]);
        using var otherWeights = new EmbeddingCache(tmp.Path, EmbeddingCache.KeyFor("x", "w2", "store=80"), 2);
        using var otherPreprocessing = new EmbeddingCache(tmp.Path, EmbeddingCache.KeyFor("x", "w1", "store=96"), 2);
        Assert.False(otherWeights.TryGet(hash, out _));
        Assert.False(otherPreprocessing.TryGet(hash, out _));
        image.Pixels[0] ^= 1;
        Assert.NotEqual(hash, EmbeddingCache.ContentHash(image));
    }

    [Fact]
    public void Should_ignore_a_torn_last_record_from_an_interrupted_append()
    {
        using var tmp = new TempDir();
        string key = EmbeddingCache.KeyFor("x", null, "p");
        string h1 = EmbeddingCache.ContentHash(SyntheticImages.Shapes(8, 8, 1)), h2 = EmbeddingCache.ContentHash(SyntheticImages.Shapes(8, 8, 2));
        string file;
        using (var cache = new EmbeddingCache(tmp.Path, key, 4))
        {
            cache.Add(h1, [1f, 2f, 3f, 4f]);
            cache.Add(h2, [5f, 6f, 7f, 8f]);
            file = cache.FilePath;
        }
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(stream.Length - 5);
        using var reopened = new EmbeddingCache(tmp.Path, key, 4);
        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.TryGet(h1, out _));
        reopened.Add(h2, [5f, 6f, 7f, 8f]);
        Assert.Equal(2 * (32 + 16), new FileInfo(file).Length);
    }
}
