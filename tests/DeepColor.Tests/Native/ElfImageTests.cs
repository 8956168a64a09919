using DeepColor.Native;

namespace DeepColor.Tests.Native;

public sealed class ElfImageTests
{
    [Fact]
    public void Should_reject_bytes_that_are_not_ELF()
    {
        var e = Assert.Throws<InvalidDataException>(() => new ElfImage(new byte[128], "zeros.so"));

        Assert.Contains("zeros.so", e.Message);
    }

    [Fact]
    public void Should_reject_32_bit_ELF()
    {
        var bytes = new byte[128];
        bytes[0] = 0x7f; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F';
        bytes[4] = 1; bytes[5] = 1;

        var e = Assert.Throws<InvalidDataException>(() => new ElfImage(bytes, "x86.so"));

        Assert.Contains("64-bit", e.Message);
    }

    [NativeLibraryFact]
    public void Should_reject_a_truncated_copy_of_a_real_library()
    {
        var bytes = File.ReadAllBytes(NativeLibraries.LibTorchSharp!);

        Assert.Throws<InvalidDataException>(() => new ElfImage(bytes[..(bytes.Length / 2)], "half.so"));
    }

    [NativeLibraryFact]
    public void Should_list_the_version_needs_of_the_real_library_per_dependency()
    {
        var needs = ElfImage.Read(NativeLibraries.LibTorchSharp!).VersionNeeds();

        Assert.Contains(needs, n => n.File == "libc.so.6" && n.Name == "GLIBC_2.2.5");
        Assert.Contains(needs, n => n.File == LibStdCxxCompat.LibStdCxxSoname && n.Name == "GLIBCXX_3.4.32");
        Assert.Contains(needs, n => n.File == LibStdCxxCompat.LibStdCxxSoname && n.Name == "CXXABI_1.3");
        Assert.All(needs, n => Assert.Equal(0, n.Flags & ElfImage.VerFlagWeak));
        Assert.Equal(needs.Count, needs.Select(n => n.Index).Distinct().Count());
    }

    [NativeLibraryFact]
    public void Should_read_defined_versions_from_the_system_libstdcxx()
    {
        string? path = TorchNative.SystemLibStdCxxPath();
        Assert.NotNull(path);

        var defined = ElfImage.Read(path).VersionDefinitions();

        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }
}
