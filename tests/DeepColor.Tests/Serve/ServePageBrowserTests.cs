using System.Text.Json;
using DeepColor.Cli.Serve;
using DeepColor.Imaging;
using DeepColor.Inference;
using DeepColor.Tests.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DeepColor.Tests.Serve;

/// <summary>
/// The page in a real browser against a real server on a loopback port, with the shipped model: a gray photo
/// goes in through the file input and comes back in colour at full size.
/// </summary>
public sealed class ServePageBrowserTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Should_colorize_a_photo_picked_in_the_page_and_let_the_divider_be_dragged()
    {
        string photo = GrayPhoto(out int width, out int height);
        using var colorizer = ShippedOrFakeModel();
        await using var app = ServeApp.Build(colorizer, new ServeSettings { Port = 0 });
        await app.StartAsync();
        string url = app.Urls.Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Browser.Path, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(url);
        await page.SetInputFilesAsync("#files", photo);
        var card = page.Locator(".card").First;
        await card.Locator(".state").Filter(new() { HasTextRegex = new("done|failed") }).WaitForAsync(new() { Timeout = 180_000 });
        Assert.Equal("done", await card.GetAttributeAsync("data-state"));

        // Drag the divider from the middle to a quarter of the way across.
        var box = await card.Locator(".stack").BoundingBoxAsync() ?? throw new InvalidOperationException("the before/after view is not shown");
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 4, box.Y + box.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        int split = int.Parse(await card.Locator(".divider").GetAttributeAsync("aria-valuenow") ?? "-1");
        Assert.InRange(split, 20, 30);

        var result = await MeasureAsync(page, ".card .after");
        var before = await MeasureAsync(page, ".card .before");
        Assert.Equal((width, height), (result.Width, result.Height));
        Assert.True(before.MeanChroma < 1, $"the original should be gray (mean channel spread {before.MeanChroma:0.00})");
        Assert.True(result.MeanChroma > 3, $"the result should be in colour (mean channel spread {result.MeanChroma:0.00})");
        Assert.Matches("\\.jpg$", await card.Locator(".download").GetAttributeAsync("download") ?? "");

        string shot = Path.Combine(AppContext.BaseDirectory, "test-output", "serve-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot} ({result.Width}×{result.Height}, mean channel spread {result.MeanChroma:0.0}, divider at {split}%)");

        // The saturation control re-runs the card with its value.
        var rerun = page.WaitForRequestAsync(r => r.Url.Contains("/api/colorize") && r.Url.Contains("saturation=2"));
        await card.Locator(".saturation").FillAsync("2");
        await rerun;
        await card.Locator(".state").Filter(new() { HasTextRegex = new("done|failed") }).WaitForAsync(new() { Timeout = 180_000 });
        Assert.Equal("done", await card.GetAttributeAsync("data-state"));
        var vivid = await MeasureAsync(page, ".card .after");
        Assert.True(vivid.MeanChroma > result.MeanChroma, $"saturation 2 should be more colourful ({vivid.MeanChroma:0.0} against {result.MeanChroma:0.0})");

        // "Download all" gives a zip holding the result.
        var download = page.WaitForDownloadAsync();
        await page.ClickAsync("#download-all");
        string zipPath = Path.Combine(Path.GetDirectoryName(shot)!, "serve-download-all.zip");
        await (await download).SaveAsAsync(zipPath);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(zipPath))
        {
            var entry = Assert.Single(zip.Entries);
            Assert.Equal(Path.GetFileNameWithoutExtension(photo) + "-color.jpg", entry.FullName);
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var zipped = ImageDecoder.Decode(copy.ToArray(), entry.FullName);
            Assert.Equal((width, height), (zipped.Width, zipped.Height));
        }

        // A phone-width window: nothing runs off to the side.
        await page.SetViewportSizeAsync(390, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page should fit a narrow window");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetDirectoryName(shot)!, "serve-page-narrow.png"), FullPage = true });

        // The keyboard moves the divider too.
        await card.Locator(".divider").FocusAsync();
        await page.Keyboard.PressAsync("End");
        Assert.Equal("100", await card.Locator(".divider").GetAttributeAsync("aria-valuenow"));
        Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join("\n", errors));
    }

    private sealed record Measure(int Width, int Height, double MeanChroma);

    /// <summary>An image's natural size and mean (max − min channel), read back from a canvas in the page.</summary>
    private static async Task<Measure> MeasureAsync(IPage page, string selector)
    {
        var json = await page.EvaluateAsync<JsonElement>(@"selector => {
            const img = document.querySelector(selector);
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let spread = 0;
            for (let i = 0; i < data.length; i += 4) spread += Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]);
            return { width: canvas.width, height: canvas.height, chroma: spread / (data.length / 4) };
        }", selector);
        return new Measure(json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32(), json.GetProperty("chroma").GetDouble());
    }

    /// <summary>The repository's gray sample photo when it can be found, else a synthetic gray JPEG; written to a temp file.</summary>
    private static string GrayPhoto(out int width, out int height)
    {
        string? sample = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && sample is null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "picos-de-europa-gray.jpg");
            if (File.Exists(candidate)) sample = candidate;
        }
        var bytes = sample is not null ? File.ReadAllBytes(sample) : ImageEncoder.Encode(TestImages.GrayRamp(768, 512), ImageFormat.Jpeg);
        var image = ImageDecoder.Decode(bytes, "photo");
        (width, height) = (image.Width, image.Height);
        string folder = Directory.CreateTempSubdirectory("deepcolor-browser-").FullName;
        string path = Path.Combine(folder, sample is null ? "gray-ramp.jpg" : Path.GetFileName(sample));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Colorizer ShippedOrFakeModel()
    {
        try { return Colorizer.Load("default"); }
        catch (FileNotFoundException) { return FakeAbPredictor.CreateColorizer(options: new ColorizerOptions { RenderSize = 64 }); }
    }
}
