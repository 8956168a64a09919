using DeepColor.Imaging;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Imaging;

public sealed class TemporaryFilesTests
{
    [Fact]
    public void Should_name_temporaries_as_hidden_non_images_unique_to_the_process()
    {
        using var dir = new TempDir();

        string a = Path.GetFileName(TemporaryFiles.For(dir.File("x.png")));
        string b = Path.GetFileName(TemporaryFiles.For(dir.File("x.png")));

        Assert.NotEqual(a, b);
        Assert.StartsWith(".x.png.", a);
        Assert.EndsWith(".tmp", a);
        Assert.Contains($"-{Environment.ProcessId}-", a);
        Assert.False(ImageFileTypes.IsImageName(a));
    }

    [Fact]
    public void Should_remove_only_the_temporaries_of_writers_that_are_gone()
    {
        using var dir = new TempDir();
        string mine = Path.GetFileName(TemporaryFiles.For(dir.File("x.png")));
        string host = mine[".x.png.".Length..mine.LastIndexOf($"-{Environment.ProcessId}-", StringComparison.Ordinal)];
        var files = new Dictionary<string, bool> // name → expected to survive
        {
            [$".x.png.{host}-1-aaaaaaaa.tmp"] = true,             // a live process on this host (init) is still writing
            [$".x.png.{host}-999999999-bbbbbbbb.tmp"] = false,    // that process is gone
            [mine] = false,                                        // this process writes each file once
            [".x.png.otherhost-42-cccccccc.tmp"] = true,          // another machine, recently
            [".x.png.oldhost-42-dddddddd.tmp"] = false,           // another machine, long ago
            [".x.png.0123abcd.tmp"] = false,                      // the older form, which named no process
            [".y.png.otherhost-1-eeeeeeee.tmp"] = true,           // another output's
        };
        foreach (var name in files.Keys) File.WriteAllText(dir.File(name), "partial");
        File.SetLastWriteTimeUtc(dir.File(".x.png.oldhost-42-dddddddd.tmp"), DateTime.UtcNow - TemporaryFiles.ForeignHostGrace - TimeSpan.FromMinutes(1));

        TemporaryFiles.RemoveStale(dir.File("x.png"));

        Assert.Equal(files.Where(f => f.Value).Select(f => f.Key).Order(StringComparer.Ordinal), dir.Files());
    }
}
