using System.CommandLine;
using System.Text.Json;
using DeepColor.Cli;
using DeepColor.Cli.Commands;
using DeepColor.Imaging;
using DeepColor.Tests.Evaluation;
using Spectre.Console.Testing;

namespace DeepColor.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepcolor-evalcmd-").FullName;
    private readonly TestConsole _console = new();

    public EvaluateCommandTests() => _console.Width(250);

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string MakeData()
    {
        string data = Path.Combine(_dir, "data");
        for (int i = 0; i < 3; i++)
            ImageEncoder.Save(TestImages.Colourful(32, 24, seed: i), Path.Combine(data, $"img{i}.png"), ImageFormat.Png);
        return data;
    }

    private int Invoke(Func<string, DeepColor.Inference.ColorizerOptions, EvaluateCommand.LoadedModel> loader, params string[] args)
    {
        var root = new RootCommand { EvaluateCommand.Create(_console, loader) };
        return root.Parse(["evaluate", .. args]).Invoke();
    }

    private static EvaluateCommand.LoadedModel Identity(string _, DeepColor.Inference.ColorizerOptions __) => new((img, _) => img, null);

    [Fact]
    public void Should_evaluate_a_folder_and_write_both_reports()
    {
        string data = MakeData();
        string html = Path.Combine(_dir, "out", "report.html");
        string json = Path.Combine(_dir, "out", "report.json");
        _console.Interactive();

        int code = Invoke(Identity, "--model", "fake", "--data", data, "--size", "64", "--report", html, "--json", json);

        Assert.Equal(0, code);
        Assert.True(File.Exists(html), _console.Output);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(3, doc.RootElement.GetProperty("images").GetArrayLength());
        Assert.Equal("64", doc.RootElement.GetProperty("size").GetString());
        Assert.Equal(100.0, doc.RootElement.GetProperty("model").GetProperty("psnr").GetDouble());
        Assert.True(doc.RootElement.GetProperty("gray").GetProperty("psnr").GetDouble() < 100.0);
        Assert.Contains("PSNR", _console.Output);
        Assert.Contains("gray", _console.Output);
        Assert.Contains("100%", _console.Output);
    }

    [Fact]
    public void Should_dispose_the_model_and_honour_the_limit()
    {
        string json = Path.Combine(_dir, "r.json");
        var owner = new Owner();

        int code = Invoke((_, _) => new((img, _) => img, owner), "--model", "fake", "--data", MakeData(), "--size", "full", "--limit", "2", "--json", json);

        Assert.Equal(0, code);
        Assert.True(owner.Disposed);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetProperty("images").GetArrayLength());
        Assert.Equal(32, doc.RootElement.GetProperty("images")[0].GetProperty("width").GetInt32());
    }

    [Fact]
    public void Should_write_a_contact_sheet_of_the_first_images()
    {
        string sheet = Path.Combine(_dir, "out", "sheet.png");

        int code = Invoke(Identity, "--model", "fake", "--data", MakeData(), "--size", "64", "--contact-sheet", sheet, "--contact-count", "2");

        Assert.Equal(0, code);
        var image = ImageDecoder.Decode(File.ReadAllBytes(sheet), sheet);
        // Two 64² images, each a gray | model | truth triple (3 × 64 + 2 × 2 px), side by side with 8-px margins.
        Assert.Equal(2 * 196 + 3 * 8, image.Width);
        Assert.Equal(64 + 2 * 8, image.Height);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(sheet)!, "*.tmp"));
        Assert.Contains("contact sheet:", _console.Output);
    }

    [Fact]
    public void Should_refuse_a_contact_sheet_name_it_cannot_write()
    {
        int code = CliApp.Run(["evaluate", "--model", "m", "--data", MakeData(), "--contact-sheet", Path.Combine(_dir, "sheet.gif")], _console);

        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("sheet.gif", Assert.Single(_console.Lines, l => l.Contains("error:")));
    }

    [Fact]
    public void Should_fail_with_a_usage_error_naming_a_missing_data_path()
    {
        string missing = Path.Combine(_dir, "missing-folder");

        int code = CliApp.Run(["evaluate", "--model", "m", "--data", missing], _console);

        Assert.Equal(CliApp.UsageError, code);
        var errors = _console.Lines.Where(l => l.Contains("error:")).ToList();
        Assert.Contains(missing, Assert.Single(errors));
    }

    [Fact]
    public void Should_reject_a_bad_size()
    {
        int code = Invoke(Identity, "--model", "m", "--data", MakeData(), "--size", "huge");

        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--size huge", _console.Output);
    }

    [Fact]
    public void Should_pass_the_saturation_to_the_model_as_colorize_does()
    {
        float? seen = null;
        int code = Invoke((_, options) => { seen = options.Saturation; return Identity("", options); },
            "--model", "m", "--data", MakeData(), "--size", "32", "--saturation", "1.3");

        Assert.Equal(0, code);
        Assert.Equal(1.3f, seen);
    }

    [Fact]
    public void Should_refuse_a_saturation_colorize_refuses()
    {
        bool loaded = false;
        int code = Invoke((_, options) => { loaded = true; return Identity("", options); }, "--model", "m", "--data", MakeData(), "--saturation", "5");

        Assert.Equal(CliApp.UsageError, code);
        Assert.False(loaded);
        Assert.Contains("saturation must be above 0 and at most 3", Assert.Single(_console.Lines, l => l.Contains("error:")));
    }

    [Fact]
    public void Should_name_a_missing_model_file_in_one_line()
    {
        int code = CliApp.Run(["evaluate", "--model", "missing-model.dclr", "--data", MakeData()], _console);

        Assert.NotEqual(0, code);
        Assert.Contains("missing-model.dclr", _console.Output);
        Assert.DoesNotContain("   at ", _console.Output);
    }

    [Fact]
    public void Should_report_a_failing_colorizer_in_one_line()
    {
        int code = Invoke((_, _) => new((_, _) => throw new InvalidOperationException("boom"), null), "--model", "m", "--data", MakeData());

        Assert.Equal(1, code);
        Assert.Contains("error: boom", _console.Output);
    }

    private sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
