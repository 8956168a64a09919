using DeepColor.Model.Extractors;
using DeepColor.Tests.Model.Serialization;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Model.Extractors;

public sealed class ExtractorRegistryTests
{
    private static ExtractorCfg Toy(string arch = "toy", string tag = "a") => new()
    {
        Architecture = arch,
        Tag = tag,
        FileName = $"{arch}.{tag}.onnx",
        Height = 8,
        Width = 8,
        Mean = [0, 0, 0],
        Std = [1, 1, 1],
        EmbeddingDim = 4,
    };

    [Fact]
    public void Should_list_the_built_in_extractors()
    {
        var names = ExtractorRegistry.Default.List().Select(c => c.Name).ToList();

        Assert.Contains("inception_resnet_v2.keras_in1k", names);
        Assert.Contains("inception_resnet_v2.tf_in1k", names);
        Assert.Contains("mobilenetv2.onnx_zoo_int8", names);
        Assert.Contains("global.joint", names);
    }

    [Fact]
    public void Should_resolve_a_family_name_to_its_default_tag()
    {
        var registry = ExtractorRegistry.Default;

        Assert.Equal("inception_resnet_v2.keras_in1k", registry.Get("inception_resnet_v2").Name);
        Assert.Equal("mobilenetv2.onnx_zoo_int8", registry.Get("mobilenetv2").Name);
        var global = registry.Get("global");
        Assert.Equal(ExtractorSource.Network, global.Source);
        Assert.Equal(256, global.EmbeddingDim);
        Assert.True(registry.IsDefault(registry.Get("inception_resnet_v2.keras_in1k")));
        Assert.False(registry.IsDefault(registry.Get("inception_resnet_v2.tf_in1k")));
    }

    [Fact]
    public void Should_describe_the_seed_extractor_input_contract()
    {
        var keras = ExtractorRegistry.Default.Get("inception_resnet_v2.keras_in1k");

        Assert.Equal([-1L, 299, 299, 3], keras.InputShape(-1));
        Assert.Equal(PixelRange.Byte, keras.Range);
        Assert.Equal([127.5f, 127.5f, 127.5f], keras.Mean);
        Assert.Equal(OutputKind.Softmax, keras.OnnxOutput);
        Assert.Equal(1000, keras.EmbeddingDim);
    }

    [Fact]
    public void Should_name_the_valid_extractors_when_the_name_is_unknown()
    {
        var e = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Get("resnet50"));

        Assert.Equal(ExtractorFailure.UnknownName, e.Failure);
        Assert.Contains("'resnet50'", e.Message);
        foreach (var name in ExtractorRegistry.Default.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Should_refuse_a_duplicate_registration()
    {
        var registry = new ExtractorRegistry();
        registry.Register(Toy());

        var e = Assert.Throws<ExtractorException>(() => registry.Register(Toy() with { Height = 16 }));

        Assert.Equal(ExtractorFailure.DuplicateName, e.Failure);
        Assert.Contains("toy.a", e.Message);
    }

    [Fact]
    public void Should_make_the_first_or_the_marked_tag_the_default()
    {
        var registry = new ExtractorRegistry();
        registry.Register(Toy(tag: "first"));
        registry.Register(Toy(tag: "second"));
        registry.Register(Toy("other", "x"));
        registry.Register(Toy("other", "y"), isDefault: true);

        Assert.Equal("toy.first", registry.Get("toy").Name);
        Assert.Equal("other.y", registry.Get("OTHER").Name);
    }

    [Theory]
    [InlineData("*", 5)]
    [InlineData("resnet18", 1)]
    [InlineData("inception*", 2)]
    [InlineData("*int8", 1)]
    [InlineData("mobilenetv2", 1)]
    [InlineData("global.?oint", 1)]
    [InlineData("vgg*", 0)]
    public void Should_list_by_wildcard(string pattern, int count)
    {
        Assert.Equal(count, ExtractorRegistry.Default.List(pattern).Count);
    }

    [Fact]
    public void Should_reject_an_inconsistent_cfg()
    {
        var registry = new ExtractorRegistry();
        Assert.Throws<ArgumentException>(() => registry.Register(Toy() with { Mean = [0.5f] }));
        Assert.Throws<ArgumentException>(() => registry.Register(Toy("a.b")));
        Assert.Throws<ArgumentException>(() => registry.Register(Toy() with { FileName = null }));
        Assert.Throws<ArgumentException>(() => registry.Register(Toy() with { Sha256 = "abc" }));
    }

    [Fact]
    public void Should_say_what_was_looked_for_and_how_to_get_it_when_the_file_is_missing()
    {
        using var empty = new TempDir();

        var e = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Create("mobilenetv2", cacheDir: empty.Path));

        Assert.Equal(ExtractorFailure.FileMissing, e.Failure);
        Assert.Contains(Path.Combine(empty.Path, "mobilenetv2-12-int8.onnx"), e.Message);
        Assert.Contains("github.com/onnx/models", e.Message);
        Assert.Contains("--extractor-path", e.Message);
    }

    [Fact]
    public void Should_point_to_the_export_docs_for_a_user_exported_model()
    {
        using var empty = new TempDir();

        var e = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Create("inception_resnet_v2", modelPath: empty.File("irv2.onnx")));

        Assert.Equal(ExtractorFailure.FileMissing, e.Failure);
        Assert.Contains("irv2.onnx", e.Message);
        Assert.Contains("docs/extractors.md", e.Message);
    }

    [Fact]
    public void Should_refuse_to_create_the_network_built_global_branch()
    {
        var e = Assert.Throws<ExtractorException>(() => ExtractorRegistry.Default.Create("global"));
        Assert.Equal(ExtractorFailure.NotLoadable, e.Failure);
    }

    [Fact]
    public void Should_find_a_file_in_a_folder_given_as_model_path_or_in_the_cache()
    {
        using var dir = new TempDir();
        var cfg = Toy();
        File.WriteAllBytes(dir.File(cfg.FileName!), [1, 2, 3]);

        Assert.Equal(dir.File(cfg.FileName!), ExtractorFiles.Resolve(cfg, modelPath: dir.Path));
        Assert.Equal(dir.File(cfg.FileName!), ExtractorFiles.Resolve(cfg, cacheDir: dir.Path));
        Assert.Equal(dir.File(cfg.FileName!), ExtractorFiles.FindInCache(cfg, dir.Path));
        Assert.Null(ExtractorFiles.FindInCache(Toy(tag: "b"), dir.Path));
    }
}
