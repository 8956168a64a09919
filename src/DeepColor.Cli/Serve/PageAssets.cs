using System.Reflection;

namespace DeepColor.Cli.Serve;

/// <summary>
/// The page's files, embedded in this assembly (no build step, no CDN: the machines it runs on are offline).
/// A request picks one by name from this fixed set, so no request can reach a file on the server's disk.
/// </summary>
internal sealed class PageAssets
{
    private const string Prefix = "DeepColor.Cli.Serve.Assets.";
    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _files;

    private PageAssets(Dictionary<string, (byte[], string)> files) => _files = files;

    public static PageAssets Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            string name = resource[Prefix.Length..];
            files[name] = (buffer.ToArray(), ContentTypeOf(name));
        }
        if (!files.ContainsKey("index.html")) throw new InvalidOperationException("the page (index.html) is missing from the assembly");
        return new PageAssets(files);
    }

    public IEnumerable<string> Names => _files.Keys;

    public bool TryGet(string name, out byte[] bytes, out string contentType)
    {
        bool found = _files.TryGetValue(name, out var file);
        (bytes, contentType) = found ? file : ([], "");
        return found;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
