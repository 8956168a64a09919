using DeepColor.Native;

namespace DeepColor.Tests.Native;

/// <summary>Runs the patch planner on a copy of TorchSharp's real native library; the original is only read.</summary>
public sealed class LibStdCxxCompatTests
{
    private const string MarkerVersion = "GLIBCXX_3.4.32";

    [NativeLibraryFact]
    public void Should_plan_to_weaken_only_the_marker_version_when_libstdcxx_lacks_it()
    {
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);

        var plan = LibStdCxxCompat.Plan(image, AllLibStdCxxNeedsExcept(image, MarkerVersion));

        Assert.Equal([MarkerVersion], plan.ToWeaken.Select(n => n.Name));
        Assert.Empty(plan.Blocking);
        Assert.True(plan.NeedsPatch);
    }

    [NativeLibraryFact]
    public void Should_plan_nothing_when_libstdcxx_defines_every_needed_version()
    {
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);

        var plan = LibStdCxxCompat.Plan(image, AllLibStdCxxNeedsExcept(image));

        Assert.Empty(plan.ToWeaken);
        Assert.Empty(plan.Blocking);
        Assert.False(plan.NeedsPatch);
    }

    [NativeLibraryFact]
    public void Should_change_only_the_flags_field_of_the_weakened_need_in_the_written_copy()
    {
        string original = NativeLibraries.LibTorchSharp!;
        var image = ElfImage.Read(original);
        var plan = LibStdCxxCompat.Plan(image, AllLibStdCxxNeedsExcept(image, MarkerVersion));
        var need = Assert.Single(plan.ToWeaken);
        string copy = Path.Combine(Path.GetTempPath(), $"deepcolor-elf-{Guid.NewGuid():N}.so");
        try
        {
            LibStdCxxCompat.Apply(image, plan);
            File.WriteAllBytes(copy, image.Bytes.ToArray());

            byte[] before = File.ReadAllBytes(original), after = File.ReadAllBytes(copy);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.Equal(before.Length, after.Length);
            Assert.NotEmpty(changed);
            Assert.All(changed, i => Assert.InRange(i, need.FlagsOffset, need.FlagsOffset + 1));

            var reread = ElfImage.Read(copy).VersionNeeds();
            var patched = Assert.Single(reread, n => n.Name == MarkerVersion && n.File == LibStdCxxCompat.LibStdCxxSoname);
            Assert.Equal(need.Flags | ElfImage.VerFlagWeak, patched.Flags);
            var untouched = ElfImage.Read(original).VersionNeeds();
            Assert.Equal(untouched.Where(n => n.Name != MarkerVersion), reread.Where(n => n.Name != MarkerVersion));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [NativeLibraryFact]
    public void Should_find_nothing_left_to_patch_in_a_patched_copy()
    {
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);
        var available = AllLibStdCxxNeedsExcept(image, MarkerVersion);
        LibStdCxxCompat.Apply(image, LibStdCxxCompat.Plan(image, available));

        var again = LibStdCxxCompat.Plan(new ElfImage(image.Bytes.ToArray(), "patched copy"), available);

        Assert.False(again.NeedsPatch);
        Assert.Empty(again.ToWeaken);
        Assert.Empty(again.Blocking);
    }

    [NativeLibraryFact]
    public void Should_report_a_missing_version_that_real_symbols_use_as_blocking()
    {
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);

        var plan = LibStdCxxCompat.Plan(image, AllLibStdCxxNeedsExcept(image, MarkerVersion, "GLIBCXX_3.4.30"));

        var blocking = Assert.Single(plan.Blocking);
        Assert.StartsWith("GLIBCXX_3.4.30 (used by ", blocking);
        Assert.False(plan.NeedsPatch);
    }

    [NativeLibraryFact]
    public void Should_bind_the_marker_version_to_the_ios_base_initialiser_only()
    {
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);
        var need = image.VersionNeeds().Single(n => n.Name == MarkerVersion);

        var users = image.DynamicSymbols().Where(s => s.VersionIndex == need.Index).ToList();

        var user = Assert.Single(users);
        Assert.Equal("_ZSt21ios_base_library_initv", user.Name);
        Assert.False(user.IsDefined);
    }

    [NativeLibraryFact]
    public void Should_agree_with_the_system_libstdcxx()
    {
        string? system = TorchNative.SystemLibStdCxxPath();
        Assert.NotNull(system);
        var defined = ElfImage.Read(system).VersionDefinitions();
        var image = ElfImage.Read(NativeLibraries.LibTorchSharp!);

        var plan = LibStdCxxCompat.Plan(image, defined);

        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Empty(plan.Blocking);
        if (defined.Contains(MarkerVersion))
            Assert.False(plan.NeedsPatch); // GCC 13+ systems: nothing to do
        else
            Assert.Equal([MarkerVersion], plan.ToWeaken.Select(n => n.Name)); // Debian 12 and similar
    }

    /// <summary>The versions the library asks libstdc++ for, minus <paramref name="missing"/>: a stand-in for a libstdc++.</summary>
    private static HashSet<string> AllLibStdCxxNeedsExcept(ElfImage image, params string[] missing) =>
        image.VersionNeeds().Where(n => n.File == LibStdCxxCompat.LibStdCxxSoname).Select(n => n.Name).Except(missing).ToHashSet(StringComparer.Ordinal);
}
