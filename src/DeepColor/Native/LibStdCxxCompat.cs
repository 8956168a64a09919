namespace DeepColor.Native;

/// <summary>
/// Decides whether a shared object asks libstdc++ for symbol versions that the system's
/// libstdc++ lacks, and if every such request is a harmless link-time marker, produces a
/// patched copy in which those requests are marked weak.
/// </summary>
/// <remarks>
/// TorchSharp-cpu 0.107's <c>libLibTorchSharp.so</c> was built with GCC 13 and so needs
/// <c>GLIBCXX_3.4.32</c>, which Debian 12 (GCC 12, GLIBCXX_3.4.30) does not define. The only
/// symbol bound to that version is <c>_ZSt21ios_base_library_initv</c>, which GCC 13 emits
/// as a marker so that the linker keeps the iostream initialiser; nothing relocates against it.
/// A weak version need (VER_FLG_WEAK) lets ld.so accept the library with only a warning.
/// Any other missing version is a real incompatibility and is reported, not patched.
/// </remarks>
internal static class LibStdCxxCompat
{
    public const string LibStdCxxSoname = "libstdc++.so.6";

    /// <summary>Symbols known to be link-time markers: referencing them at load time does nothing.</summary>
    private static readonly HashSet<string> MarkerSymbols = new(StringComparer.Ordinal)
    {
        "_ZSt21ios_base_library_initv",
    };

    /// <summary>The outcome of <see cref="Plan"/>.</summary>
    public sealed record PatchPlan(IReadOnlyList<ElfImage.VersionNeed> ToWeaken, IReadOnlyList<string> Blocking)
    {
        public bool NeedsPatch => ToWeaken.Count > 0 && Blocking.Count == 0;
    }

    /// <summary>
    /// Lists the libstdc++ version needs of <paramref name="image"/> that <paramref name="available"/>
    /// lacks: those bound only to marker symbols can be weakened, any other is blocking.
    /// </summary>
    public static PatchPlan Plan(ElfImage image, IReadOnlySet<string> available)
    {
        var symbols = image.DynamicSymbols();
        var weaken = new List<ElfImage.VersionNeed>();
        var blocking = new List<string>();
        foreach (var need in image.VersionNeeds())
        {
            if (need.File != LibStdCxxSoname || available.Contains(need.Name)) continue;
            if ((need.Flags & ElfImage.VerFlagWeak) != 0) continue;
            var users = symbols.Where(s => s.VersionIndex == need.Index && !s.IsDefined).Select(s => s.Name).ToList();
            if (users.All(MarkerSymbols.Contains))
                weaken.Add(need);
            else
                blocking.Add($"{need.Name} (used by {string.Join(", ", users.Take(3))})");
        }
        return new PatchPlan(weaken, blocking);
    }

    /// <summary>Marks the planned version needs weak, in memory; the caller writes the bytes to a new file.</summary>
    public static void Apply(ElfImage image, PatchPlan plan)
    {
        foreach (var need in plan.ToWeaken)
            image.SetVersionNeedFlags(need, (ushort)(need.Flags | ElfImage.VerFlagWeak));
    }
}
