using DeepColor.Imaging;
using System.Text.RegularExpressions;

namespace DeepColor.Cli.Batch;

/// <summary>
/// Expands files, folders and wildcard patterns (<c>*</c>, <c>?</c>, and <c>**</c> for any depth) into image files.
/// Patterns are expanded here rather than by the shell so they also work on Windows and when quoted.
/// </summary>
internal static class InputExpander
{
    /// <param name="inputs">As typed.</param>
    /// <param name="recursive">Descend into sub-folders of folder inputs.</param>
    /// <param name="skip">Files found by enumeration (not named directly) for which this returns true are left out, e.g. earlier outputs.</param>
    public static InputExpansion Expand(IEnumerable<string> inputs, bool recursive, Func<string, bool>? skip = null)
    {
        var files = new List<BatchInput>();
        var unmatched = new List<string>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        skip ??= _ => false;

        foreach (var input in inputs)
        {
            int before = files.Count;
            if (IsPattern(input))
            {
                var (root, segments) = SplitPattern(input);
                foreach (var path in Match(root, segments).Where(IsImage).Where(p => !skip(p)).Order(StringComparer.Ordinal))
                    Add(path, root);
            }
            else if (Directory.Exists(input))
            {
                var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
                foreach (var path in Directory.EnumerateFiles(input, "*", option).Where(IsImage).Where(p => !skip(p)).Order(StringComparer.Ordinal))
                    Add(path, input);
            }
            else if (File.Exists(input))
            {
                if (seen.Add(Path.GetFullPath(input))) files.Add(new BatchInput(input, ""));
                continue;
            }
            if (files.Count == before) unmatched.Add(input);
        }
        return new InputExpansion(files, unmatched);

        void Add(string path, string root)
        {
            if (!seen.Add(Path.GetFullPath(path))) return;
            string rel = Path.GetRelativePath(root, Path.GetDirectoryName(path) ?? root);
            files.Add(new BatchInput(path, rel == "." ? "" : rel));
        }
    }

    public static bool IsPattern(string input) => input.IndexOfAny(['*', '?']) >= 0;

    private static bool IsImage(string path) => ImageFileTypes.IsImageName(path);

    /// <summary>The literal folder prefix (where enumeration starts) and the remaining pattern segments.</summary>
    private static (string Root, string[] Segments) SplitPattern(string pattern)
    {
        var parts = pattern.Replace('\\', '/').Split('/');
        int firstWild = Array.FindIndex(parts, IsPattern);
        string root = string.Join('/', parts[..firstWild]);
        if (root.Length == 0) root = pattern.StartsWith('/') ? "/" : ".";
        return (root, parts[firstWild..].Where(p => p.Length > 0).ToArray());
    }

    private static IEnumerable<string> Match(string directory, string[] segments)
    {
        if (segments.Length == 0 || !Directory.Exists(directory)) yield break;
        string head = segments[0];
        var rest = segments[1..];
        if (head == "**")
        {
            foreach (var m in Match(directory, rest)) yield return m;
            foreach (var sub in SafeEnumerate(() => Directory.EnumerateDirectories(directory)))
                foreach (var m in Match(sub, segments)) yield return m;
            yield break;
        }
        var regex = SegmentRegex(head);
        if (rest.Length == 0)
        {
            foreach (var file in SafeEnumerate(() => Directory.EnumerateFiles(directory)))
                if (regex.IsMatch(Path.GetFileName(file))) yield return file;
            yield break;
        }
        foreach (var sub in SafeEnumerate(() => Directory.EnumerateDirectories(directory)))
            if (regex.IsMatch(Path.GetFileName(sub)))
                foreach (var m in Match(sub, rest)) yield return m;
    }

    private static Regex SegmentRegex(string segment)
    {
        string body = Regex.Escape(segment).Replace(@"\*", ".*").Replace(@"\?", ".");
        var options = OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None;
        return new Regex("^" + body + "$", options | RegexOptions.CultureInvariant);
    }

    private static IEnumerable<string> SafeEnumerate(Func<IEnumerable<string>> list)
    {
        try { return list().ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
