using DeepColor.Cli;
using DeepColor.Cli.Batch;
using DeepColor.Cli.Commands;
using DeepColor.Imaging;
using DeepColor.Inference;
using DeepColor.Tests.Imaging;
using DeepColor.Tests.Inference;
using Spectre.Console.Testing;
using DeepColor.Tests.Support;

namespace DeepColor.Tests.Cli;

public sealed class ColorizeCommandTests
{
    [Fact]
    public void Should_write_the_output_next_to_the_input_with_the_suffix_and_the_input_size()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(90, 30), dir.File("photo.png"));
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("photo.png"), "--render-size", "32");

        Assert.Equal(0, code);
        Assert.Equal(["photo-color.png", "photo.png"], dir.Files());
        var output = ImageDecoder.Load(dir.File("photo-color.png"));
        Assert.Equal((90, 30), (output.Width, output.Height));
    }

    [Fact]
    public void Should_colorize_TIFF_scans_found_in_a_folder_into_lossless_PNG()
    {
        using var dir = new TempDir();
        // 16-bit grey, as scanners write: 0 to 65535 across 9 pixels, 5 rows.
        var samples = Enumerable.Range(0, 5 * 9).SelectMany(i => BitConverter.GetBytes((ushort)(i % 9 * 8191))).ToArray();
        File.WriteAllBytes(dir.File("scan.TIF"), new TiffBuilder(9, 5, 16, 1, 1, samples).Build());
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.Path, "-o", dir.File("out"), "--render-size", "16");

        Assert.Equal(0, code);
        Assert.Equal(["out/scan-color.png", "scan.TIF"], dir.Files());
        var output = ImageDecoder.Load(dir.File("out/scan-color.png"));
        Assert.Equal((9, 5), (output.Width, output.Height));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_carry_the_inputs_EXIF_to_the_output_made_upright_unless_told_to_strip_it(bool strip)
    {
        // A camera JPEG stored 24×16 with orientation 6 (shown 16×24).
        using var dir = new TempDir();
        var jpeg = TestFiles.WithExifOrientation(ImageEncoder.Encode(TestImages.GrayRamp(24, 16), ImageFormat.Jpeg), 6);
        File.WriteAllBytes(dir.File("camera.jpg"), jpeg);
        var cli = new CliHarness();

        int code = strip
            ? cli.Colorize("colorize", dir.File("camera.jpg"), "--render-size", "16", "--strip-metadata")
            : cli.Colorize("colorize", dir.File("camera.jpg"), "--render-size", "16");

        Assert.Equal(0, code);
        var output = File.ReadAllBytes(dir.File("camera-color.jpg"));
        var shown = ImageDecoder.Decode(output, "camera-color.jpg");
        Assert.Equal((16, 24), (shown.Width, shown.Height)); // turned once by us, not again by its EXIF
        var exif = ExifMetadata.Find(output);
        if (strip)
        {
            Assert.Null(exif);
        }
        else
        {
            Assert.NotNull(exif);
            Assert.Equal(1, exif[8 + 2 + 8]); // the one entry's value: orientation 1
        }
    }

    [Fact]
    public void Should_keep_going_past_a_corrupt_file_and_exit_with_1()
    {
        // Given three images of which the middle one is garbage
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        File.WriteAllBytes(dir.File("b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("c.png"));
        var cli = new CliHarness();

        // When the folder is colorized
        int code = cli.Colorize("colorize", dir.Path, "-o", dir.File("out"), "--render-size", "16", "--jobs", "1");

        // Then the good files are written, nothing partial is left, and the bad one is named with a reason
        Assert.Equal(1, code);
        Assert.Equal(["a.png", "b.png", "c.png", "out/a-color.png", "out/c-color.png"], dir.Files());
        Assert.Contains("b.png", cli.Output);
        Assert.Contains("1 failed", cli.Output);
        Assert.DoesNotContain("   at ", cli.Output);
    }

    [Fact]
    public void Should_skip_existing_outputs_unless_forced()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        TestImages.SavePng(TestImages.GrayRamp(24, 20), dir.File("b.png"));
        var cli = new CliHarness();
        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16"));
        Assert.Equal(2, cli.TotalModelCalls);

        // A rerun finds both outputs and does no work; earlier outputs are not taken as inputs either
        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16"));
        Assert.Equal(2, cli.TotalModelCalls);
        Assert.Contains("2 skipped", cli.Output);
        Assert.Equal(["a-color.png", "a.png", "b-color.png", "b.png"], dir.Files());

        // --force redoes them
        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16", "--force"));
        Assert.Equal(4, cli.TotalModelCalls);
    }

    [Fact]
    public void Should_mirror_sub_folders_under_the_output_folder_when_recursive()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("in/sub/deeper"));
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("in/top.png"));
        TestImages.SavePng(TestImages.GrayRamp(16, 16), dir.File("in/sub/deeper/low.png"));
        File.WriteAllText(dir.File("in/sub/notes.txt"), "not an image");
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("in"), "--recursive", "-o", dir.File("out"), "--render-size", "16", "--format", "jpg");

        Assert.Equal(0, code);
        Assert.Contains("out/top-color.jpg", dir.Files());
        Assert.Contains("out/sub/deeper/low-color.jpg", dir.Files());
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(dir.File("out/top-color.jpg"))[..2]);
    }

    [Fact]
    public void Should_expand_wildcards_itself()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("a/x"));
        Directory.CreateDirectory(dir.File("a/y"));
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a/x/one.png"));
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a/y/two.png"));
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a/y/three.jpg.bak"));

        var flat = InputExpander.Expand([dir.File("a/*/t?o.png")], recursive: false);
        var deep = InputExpander.Expand([dir.File("a/**/*.png")], recursive: false);

        Assert.Equal([dir.File("a/y/two.png")], flat.Files.Select(f => f.SourcePath));
        Assert.Equal([dir.File("a/x/one.png"), dir.File("a/y/two.png")], deep.Files.Select(f => f.SourcePath));
        Assert.Equal(["x", "y"], deep.Files.Select(f => f.RelativeDirectory));
    }

    [Fact]
    public void Should_write_a_single_named_output_file_in_the_format_of_its_extension()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 12), dir.File("in.png"));
        var cli = new CliHarness();

        int code = cli.Colorize("colorize", dir.File("in.png"), "-o", dir.File("result.jpg"), "--render-size", "16");

        Assert.Equal(0, code);
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(dir.File("result.jpg"))[..2]);
    }

    [Fact]
    public void Should_stop_cleanly_with_130_when_cancelled_after_the_first_image()
    {
        // Given four images and a token cancelled while the second one is in the model
        using var dir = new TempDir();
        foreach (var name in new[] { "a", "b", "c", "d" }) TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File(name + ".png"));
        using var cts = new CancellationTokenSource();
        var cli = new CliHarness { NewModel = () => new FakeAbPredictor { OnCall = n => { if (n == 2) cts.Cancel(); } } };
        var request = new ColorizeCommand.Request([dir.Path], dir.File("out"), "default", null, 16, false, "-color", OutputFormatChoice.Png, 92, false, 1);

        // When the batch runs
        int code = ColorizeCommand.Execute(cli.Console, cli.Factory, request, cts.Token);

        // Then only the first output exists, with no temporary files, and the run reports the interruption
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Equal(["a.png", "b.png", "c.png", "d.png", "out/a-color.png"], dir.Files());
        Assert.Equal(2, cli.TotalModelCalls);
        Assert.Contains("interrupted", cli.Output);
    }

    [Fact]
    public void Should_report_already_colour_inputs_in_the_summary()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.Colourful(20, 20), dir.File("colour.png"));
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("gray.png"));
        var cli = new CliHarness();

        Assert.Equal(0, cli.Colorize("colorize", dir.Path, "--render-size", "16"));
        Assert.Contains("2 done", cli.Output);
        Assert.Contains("1 already colour", cli.Output);
    }

    [Fact]
    public void Should_remove_a_stale_temporary_left_by_a_killed_run()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        File.WriteAllText(dir.File(".a-color.png.0123abcd.tmp"), "half written");
        var cli = new CliHarness();

        Assert.Equal(0, cli.Colorize("colorize", dir.File("a.png"), "--render-size", "16"));
        Assert.Equal(["a-color.png", "a.png"], dir.Files());
    }

    [Theory]
    [InlineData("--render-size", "100")]
    [InlineData("--render-size", "0")]
    [InlineData("--quality", "0")]
    [InlineData("--quality", "101")]
    [InlineData("--jobs", "0")]
    [InlineData("--saturation", "0")]
    [InlineData("--saturation", "5")]
    [InlineData("--format", "gif")]
    [InlineData("--chroma-upsample", "sideways")]
    public void Should_exit_2_on_bad_option_values_before_loading_a_model(string option, string value)
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a.png"));
        var console = new TestConsole();

        int code = CliApp.Run(["colorize", dir.File("a.png"), option, value], console);

        Assert.Equal(2, code);
        Assert.False(File.Exists(dir.File("a-color.png")));
    }

    [Theory]
    [InlineData(null, ChromaUpsampling.Guided)]
    [InlineData("bilinear", ChromaUpsampling.Bilinear)]
    [InlineData("Guided", ChromaUpsampling.Guided)]
    public void Should_pass_the_chroma_upsampling_choice_to_the_colorizer(string? value, ChromaUpsampling expected) =>
        Assert.Equal(expected, OptionsPassedFor("--chroma-upsample", value).Upsampling);

    [Theory]
    [InlineData(null, null)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Should_pass_the_flip_averaging_choice_to_the_colorizer(string? value, bool? expected) =>
        Assert.Equal(expected, OptionsPassedFor("--flip-average", value).FlipAverage);

    /// <summary>Colorizes one small image with <c>option value</c> (left out when null) and returns the options the model was loaded with.</summary>
    private static ColorizerOptions OptionsPassedFor(string option, string? value)
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(20, 20), dir.File("a.png"));
        var cli = new CliHarness();
        string[] args = ["colorize", dir.File("a.png"), "--render-size", "16"];

        Assert.Equal(0, cli.Colorize(value is null ? args : [.. args, option, value]));
        Assert.True(File.Exists(dir.File("a-color.png")));
        return Assert.Single(cli.LoadOptions);
    }

    [Fact]
    public void Should_exit_2_when_no_input_matches()
    {
        using var dir = new TempDir();
        var cli = new CliHarness();

        Assert.Equal(2, cli.Colorize("colorize", dir.File("*.png")));
        Assert.Contains("no images matched", cli.Output);
        Assert.Empty(cli.Models);
    }

    [Fact]
    public void Should_exit_2_for_an_unknown_model_file()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a.png"));
        var console = new TestConsole();

        int code = CliApp.Run(["colorize", dir.File("a.png"), "--model", dir.File("missing.dcm")], console);

        Assert.Equal(2, code);
        Assert.Contains("missing.dcm", console.Output);
    }

    [Fact]
    public void Should_refuse_a_suffix_free_run_that_would_overwrite_the_input()
    {
        using var dir = new TempDir();
        TestImages.SavePng(TestImages.GrayRamp(8, 8), dir.File("a.png"));
        byte[] before = File.ReadAllBytes(dir.File("a.png"));
        var cli = new CliHarness();

        Assert.Equal(1, cli.Colorize("colorize", dir.File("a.png"), "--suffix", "", "--render-size", "16"));
        Assert.Equal(before, File.ReadAllBytes(dir.File("a.png")));
        Assert.Contains("overwrite the input", cli.Output);
    }
}
