using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeepColor.Model.Extractors;

/// <summary>
/// Finds and checks extractor files: an explicit path, else the model cache directory by file name.
/// Nothing is ever downloaded; a missing file is an error that says where to get it.
/// </summary>
public static class ExtractorFiles
{
    /// <summary>Environment variable that overrides the model cache directory.</summary>
    public const string CacheVariable = "DEEPCOLOR_MODELS";

    // Hashing a 200 MB export on every run is wasteful; a file with the same path, size and mtime is not rehashed.
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Mtime), string> HashCache = new();

    /// <summary><c>$DEEPCOLOR_MODELS</c>, else <c>$XDG_CACHE_HOME/deepcolor/models</c>, else <c>~/.cache/deepcolor/models</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        string? explicitDir = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache");
        return Path.Combine(root, "deepcolor", "models");
    }

    /// <summary>The cache path of <paramref name="cfg"/>'s file when it exists there, else null.</summary>
    public static string? FindInCache(ExtractorCfg cfg, string? cacheDir = null)
    {
        if (cfg.FileName is null) return null;
        string candidate = Path.Combine(cacheDir ?? DefaultCacheDirectory(), cfg.FileName);
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>
    /// Resolves the file to load: <paramref name="modelPath"/> (a file, or a folder holding the cfg's file name),
    /// else the cache directory. Throws <see cref="ExtractorException"/> naming what was looked for and how to obtain it.
    /// </summary>
    public static string Resolve(ExtractorCfg cfg, string? modelPath = null, string? cacheDir = null)
    {
        if (cfg.Source != ExtractorSource.Onnx || cfg.FileName is null)
            throw new ExtractorException(ExtractorFailure.NotLoadable,
                $"extractor '{cfg.Name}' is built by the colorization network and has no file to load");
        if (modelPath is not null)
        {
            string candidate = Directory.Exists(modelPath) ? Path.Combine(modelPath, cfg.FileName) : modelPath;
            if (File.Exists(candidate)) return candidate;
            throw new ExtractorException(ExtractorFailure.FileMissing,
                $"extractor '{cfg.Name}': model file not found at {candidate}. {HowToObtain(cfg)}", candidate);
        }
        if (BundledFile(cfg) is { } bundled)
        {
            if (File.Exists(bundled)) return bundled;
            throw new ExtractorException(ExtractorFailure.FileMissing,
                $"extractor '{cfg.Name}': {bundled} is missing. {HowToObtain(cfg)}", bundled);
        }
        string cached = Path.Combine(cacheDir ?? DefaultCacheDirectory(), cfg.FileName);
        if (File.Exists(cached)) return cached;
        throw new ExtractorException(ExtractorFailure.FileMissing,
            $"extractor '{cfg.Name}': model file not found at {cached} (the model cache; set {CacheVariable} to move it, " +
            $"or pass --extractor-path FILE). {HowToObtain(cfg)}", cached);
    }

    /// <summary>Where the file would be loaded from without an explicit path, when it is there: beside the application for a package-shipped file, else in the cache.</summary>
    public static string? FindInstalled(ExtractorCfg cfg, string? cacheDir = null) =>
        BundledFile(cfg) is { } bundled ? (File.Exists(bundled) ? bundled : null) : FindInCache(cfg, cacheDir);

    /// <summary>Where a package-shipped file lies beside the running application, or null for other extractors.</summary>
    public static string? BundledFile(ExtractorCfg cfg) =>
        cfg.BundledPath is null ? null : Path.Combine(AppContext.BaseDirectory, cfg.BundledPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Where the file comes from, for error messages and listings.</summary>
    public static string HowToObtain(ExtractorCfg cfg) =>
        cfg.Package is not null
            ? $"It comes with the NuGet package {cfg.Package}: run 'dotnet restore' and rebuild, and the package copies it next to the application (or give its path: --extractor-path FILE, or in train --trunk-path FILE for the trunk and the recognition judge)."
            : cfg.Url is not null
                ? $"Download it from {cfg.Url} (it is never fetched automatically)."
                : "Export it yourself as described in docs/extractors.md.";

    /// <summary>Lower-case hex SHA-256 of a file, remembered per path, size and modification time.</summary>
    public static string Sha256Of(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        if (HashCache.TryGetValue(key, out var known)) return known;
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        HashCache[key] = hash;
        return hash;
    }

    /// <summary>Refuses the file when the cfg pins a SHA-256 and the file's differs.</summary>
    public static void VerifySha256(ExtractorCfg cfg, string path)
    {
        if (cfg.Sha256 is null) return;
        string actual = Sha256Of(path);
        if (!string.Equals(actual, cfg.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ExtractorException(ExtractorFailure.ChecksumMismatch,
                $"extractor '{cfg.Name}': {path} has SHA-256 {actual}, expected {cfg.Sha256.ToLowerInvariant()}; " +
                $"the file is damaged or a different model. {HowToObtain(cfg)}", path);
    }
}
