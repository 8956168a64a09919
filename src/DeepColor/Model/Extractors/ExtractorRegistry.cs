using System.Text.RegularExpressions;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Named extractor cfgs (<c>arch.tag</c>), each family with a default tag so <c>arch</c> alone resolves.
/// <see cref="Default"/> holds the built-in families; tests and tools may build their own registry.
/// </summary>
public sealed class ExtractorRegistry
{
    private static readonly Lazy<ExtractorRegistry> BuiltIn = new(() =>
    {
        var registry = new ExtractorRegistry();
        InceptionResNetV2Cfgs.Register(registry);
        MobileNetV2Cfgs.Register(registry);
        ResNetCfgs.Register(registry);
        GlobalBranchCfgs.Register(registry);
        return registry;
    });

    private readonly Dictionary<string, ExtractorCfg> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _defaultTag = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ExtractorCfg> _ordered = [];

    /// <summary>The built-in extractors.</summary>
    public static ExtractorRegistry Default => BuiltIn.Value;

    /// <summary>All names, in registration order.</summary>
    public IReadOnlyList<string> Names => _ordered.Select(c => c.Name).ToList();

    /// <summary>Adds a cfg; the first of a family, or one with <paramref name="isDefault"/>, becomes its default tag.</summary>
    public void Register(ExtractorCfg cfg, bool isDefault = false)
    {
        cfg.Validate();
        if (_byName.ContainsKey(cfg.Name))
            throw new ExtractorException(ExtractorFailure.DuplicateName, $"extractor '{cfg.Name}' is already registered");
        _byName[cfg.Name] = cfg;
        _ordered.Add(cfg);
        if (isDefault || !_defaultTag.ContainsKey(cfg.Architecture)) _defaultTag[cfg.Architecture] = cfg.Tag;
    }

    /// <summary>Whether <paramref name="cfg"/> is its family's default.</summary>
    public bool IsDefault(ExtractorCfg cfg) =>
        _defaultTag.TryGetValue(cfg.Architecture, out var tag) && string.Equals(tag, cfg.Tag, StringComparison.OrdinalIgnoreCase);

    /// <summary>Cfgs whose name matches a wildcard pattern (<c>*</c>, <c>?</c>; case-insensitive), in registration order.</summary>
    public IReadOnlyList<ExtractorCfg> List(string pattern = "*")
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return _ordered.Where(c => regex.IsMatch(c.Name) || regex.IsMatch(c.Architecture)).ToList();
    }

    public bool TryGet(string name, out ExtractorCfg cfg)
    {
        if (_byName.TryGetValue(name, out cfg!)) return true;
        if (_defaultTag.TryGetValue(name, out var tag)) return _byName.TryGetValue(name + "." + tag, out cfg!);
        return false;
    }

    /// <summary>Looks up <c>arch.tag</c>, or <c>arch</c> for its default tag; an unknown name throws listing the valid ones.</summary>
    public ExtractorCfg Get(string name) => TryGet(name, out var cfg) ? cfg
        : throw new ExtractorException(ExtractorFailure.UnknownName,
            $"unknown extractor '{name}'; valid names: {string.Join(", ", Names)} (or a family name for its default: {string.Join(", ", _defaultTag.Keys)})");

    /// <summary>
    /// Creates the extractor: resolves its file (<paramref name="modelPath"/>, else <paramref name="cacheDir"/> or the default cache),
    /// verifies the SHA-256 when the cfg pins one, opens one ONNX Runtime session and checks its shapes.
    /// </summary>
    public IFeatureExtractor Create(string name, string? modelPath = null, string? cacheDir = null) => Create(Get(name), modelPath, cacheDir);

    /// <inheritdoc cref="Create(string, string?, string?)"/>
    public static IFeatureExtractor Create(ExtractorCfg cfg, string? modelPath = null, string? cacheDir = null)
    {
        string path = ExtractorFiles.Resolve(cfg, modelPath, cacheDir);
        ExtractorFiles.VerifySha256(cfg, path);
        return new OnnxFeatureExtractor(cfg, path);
    }
}
