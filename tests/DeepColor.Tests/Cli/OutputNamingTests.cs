using DeepColor.Cli.Batch;
using DeepColor.Imaging;
using DeepColor.Tests.Imaging;
using DeepColor.Tests.Inference;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

/// <summary>Every input that can be colorized gets an output, under a name that does not depend on listing order.</summary>
public sealed class OutputNamingTests
{
    [Fact]
    public void Should_keep_WebP_as_WebP_so_photo_webp_and_photo_bmp_both_get_an_output()
    {
        using var dir = new TempDir();
        ImageEncoder.Save(TestImages.GrayRamp(20, 14), dir.File("in/photo.webp"), ImageFormat.Webp, 90);
        File.WriteAllBytes(dir.File("in/photo.bmp"), TestFiles.Bmp24(TestImages.GrayRamp(18, 12)));
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("in"), "-o", dir.File("out"), "--render-size", "16");

        Assert.Equal(0, code);
        Assert.Equal(["in/photo.bmp", "in/photo.webp", "out/photo-color.png", "out/photo-color.webp"], dir.Files());
        var webp = File.ReadAllBytes(dir.File("out/photo-color.webp"));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(webp, 0, 4));
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(webp, 8, 4));
        var decoded = ImageDecoder.Decode(webp, "photo-color.webp");
        Assert.Equal((20, 14), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Should_give_every_member_of_a_colliding_group_its_whole_file_name_whatever_the_order()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("photo.png"));
        File.WriteAllBytes(dir.File("photo.bmp"), TestFiles.Bmp24(TestImages.GrayRamp(16, 16)));
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("other.png"));
        var inputs = new[] { "photo.png", "photo.bmp", "other.png" }.Select(n => new BatchInput(dir.File(n), "")).ToList();
        var planner = new OutputPlanner(dir.File("out"), "-color", OutputFormatChoice.Same);

        var forward = planner.PlanAll(inputs);
        var backward = planner.PlanAll(Enumerable.Reverse(inputs).ToList());

        Assert.Empty(forward.Rejected);
        var names = forward.Jobs.ToDictionary(j => Path.GetFileName(j.Source), j => j.OutputName);
        Assert.Equal("photo.png-color.png", names["photo.png"]);
        Assert.Equal("photo.bmp-color.png", names["photo.bmp"]);
        Assert.Equal("other-color.png", names["other.png"]);
        Assert.Equal(names, backward.Jobs.ToDictionary(j => Path.GetFileName(j.Source), j => j.OutputName));
    }

    [Fact]
    public void Should_skip_and_force_under_the_same_collision_names_on_reruns()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("photo.png"));
        File.WriteAllBytes(dir.File("photo.bmp"), TestFiles.Bmp24(TestImages.GrayRamp(16, 16)));
        var cli = new CliHarness();

        Assert.Equal(0, cli.Colorize("colorize", dir.File("photo.bmp"), dir.File("photo.png"), "--render-size", "16"));
        Assert.Equal(["photo.bmp", "photo.bmp-color.png", "photo.png", "photo.png-color.png"], dir.Files());
        Assert.Equal(2, cli.TotalModelCalls);

        // Listed the other way round, the rerun finds both outputs; earlier outputs are not taken as inputs either.
        Assert.Equal(0, cli.Colorize("colorize", dir.File("photo.png"), dir.File("photo.bmp"), "--render-size", "16"));
        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16"));
        Assert.Equal(2, cli.TotalModelCalls);
        Assert.Contains("2 skipped", cli.Output);

        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16", "--force"));
        Assert.Equal(4, cli.TotalModelCalls);
        Assert.Equal(["photo.bmp", "photo.bmp-color.png", "photo.png", "photo.png-color.png"], dir.Files());
    }

    [Fact]
    public void Should_refuse_every_input_of_a_group_that_still_collides_naming_the_others()
    {
        // The same relative name under two input folders, into one output folder.
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("a/x.png"));
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("b/x.png"));
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("a"), dir.File("b"), "-o", dir.File("out"), "--render-size", "16");

        Assert.Equal(1, code);
        Assert.Equal(["a/x.png", "b/x.png"], dir.Files());
        Assert.Contains($"{dir.File("a/x.png")}: same output file as {dir.File("b/x.png")}", cli.Output);
        Assert.Contains($"{dir.File("b/x.png")}: same output file as {dir.File("a/x.png")}", cli.Output);
        Assert.Equal(0, cli.TotalModelCalls);
    }
}
