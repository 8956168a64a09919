using System.Net;
using System.Text.Json;
using DeepColor.Cli.Serve;
using DeepColor.Imaging;
using DeepColor.Tests.Imaging;
using DeepColor.Tests.Inference;

namespace DeepColor.Tests.Serve;

public sealed class ServeApiTests
{
    [Fact]
    public async Task Should_answer_a_gray_photo_with_a_colour_one_of_the_same_size()
    {
        await using var server = await ServeHarness.StartAsync();

        using var response = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(96, 64)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var image = ImageDecoder.Decode(await response.Content.ReadAsByteArrayAsync(), "answer");
        Assert.Equal((96, 64), (image.Width, image.Height));
        Assert.False(GrayscaleDetector.IsGrayscale(image, tolerance: 8), "the answer should be in colour");
        Assert.Equal("96x64", response.Headers.GetValues("X-Image-Size").Single());
    }

    [Fact]
    public async Task Should_take_a_raw_image_body_and_the_query_settings()
    {
        await using var server = await ServeHarness.StartAsync();

        using var response = await server.Client.PostAsync("/api/colorize?saturation=0.5&renderSize=16&format=jpg", Uploads.Raw(Uploads.GrayPng(40, 20)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var call = Assert.Single(server.Model.Calls);
        Assert.Equal((16, 8), (call.Width, call.Height));
        Assert.Equal(0.5f, Assert.Single(server.Model.Saturations));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_carry_the_EXIF_as_colorize_does_upright_unless_asked_to_strip_it(bool strip)
    {
        // A camera JPEG stored 24×16 with orientation 6 (shown 16×24).
        await using var server = await ServeHarness.StartAsync();
        var jpeg = TestFiles.WithExifOrientation(ImageEncoder.Encode(TestImages.GrayRamp(24, 16), ImageFormat.Jpeg), 6);

        using var response = await server.Client.PostAsync($"/api/colorize?stripMetadata={strip}", Uploads.Form(jpeg, fileName: "camera.jpg", contentType: "image/jpeg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType); // JPEG stays JPEG
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var shown = ImageDecoder.Decode(bytes, "answer");
        Assert.Equal((16, 24), (shown.Width, shown.Height));
        var exif = ExifMetadata.Find(bytes);
        if (strip) Assert.Null(exif);
        else Assert.Equal(1, Assert.IsType<byte[]>(exif)[8 + 2 + 8]); // the one entry's value: orientation 1
    }

    public static TheoryData<string, Func<HttpContent>, HttpStatusCode, string> BadInputs() => new()
    {
        { "empty raw body", () => Uploads.Raw([]), HttpStatusCode.BadRequest, "no bytes" },
        { "empty form field", () => Uploads.Form([]), HttpStatusCode.BadRequest, "no bytes" },
        { "not an image", () => Uploads.Form("hello, I am text"u8.ToArray()), HttpStatusCode.UnsupportedMediaType, "not a supported image format" },
        { "truncated", () => Uploads.Form(Truncated()), HttpStatusCode.UnprocessableEntity, "truncated" },
        { "pixel bomb", () => Uploads.Form(TestFiles.WithPngSize(Uploads.GrayPng(8, 8), 20_000, 20_000)), HttpStatusCode.RequestEntityTooLarge, "exceeds the limit of 100,000,000 pixels" },
        { "wrong field", () => Uploads.Form(Uploads.GrayPng(8, 8), field: "file"), HttpStatusCode.BadRequest, "no field named 'image' (it has 'file')" },
        { "wrong content type", () => new StringContent("a=b"), HttpStatusCode.UnsupportedMediaType, "text/plain is not accepted" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Should_refuse_bad_input_with_a_problem_naming_the_reason_and_keep_serving(string _, Func<HttpContent> body, HttpStatusCode status, string reason)
    {
        await using var server = await ServeHarness.StartAsync();

        using var response = await server.Client.PostAsync("/api/colorize", body());

        await AssertProblemAsync(response, status, reason);
        Assert.Empty(server.Model.Calls);
        using var next = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_an_upload_over_the_size_limit_before_decoding_it()
    {
        await using var server = await ServeHarness.StartAsync(new ServeSettings { MaxUploadBytes = 4096 });
        var noise = ImageEncoder.Encode(TestFiles.Noise(64, 64), ImageFormat.Png);
        Assert.True(noise.Length > 4096);

        using var form = await server.Client.PostAsync("/api/colorize", Uploads.Form(noise));
        using var raw = await server.Client.PostAsync("/api/colorize", Uploads.Raw(noise));

        await AssertProblemAsync(form, HttpStatusCode.RequestEntityTooLarge, "larger than the limit of 4,096 bytes");
        await AssertProblemAsync(raw, HttpStatusCode.RequestEntityTooLarge, "larger than the limit of 4,096 bytes");
        Assert.Empty(server.Model.Calls);
    }

    [Theory]
    [InlineData("saturation=lots", "saturation must be a number")]
    [InlineData("saturation=9", "saturation must be above 0 and at most 3")]
    [InlineData("renderSize=30", "multiple of 8")]
    [InlineData("format=gif", "format must be png, jpg or same")]
    [InlineData("stripMetadata=maybe", "stripMetadata must be true or false")]
    public async Task Should_refuse_bad_parameters_naming_them(string query, string reason)
    {
        await using var server = await ServeHarness.StartAsync();

        using var response = await server.Client.PostAsync($"/api/colorize?{query}", Uploads.Form(Uploads.GrayPng(16, 16)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
    }

    [Fact]
    public async Task Should_turn_away_a_request_over_the_queue_with_503_and_Retry_After_then_serve_again()
    {
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        var model = new FakeAbPredictor { OnCall = _ => { entered.Release(); gate.Wait(); } };
        await using var server = await ServeHarness.StartAsync(new ServeSettings { Workers = 1, QueueLimit = 1 }, model);

        var first = server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        await entered.WaitAsync();
        using var second = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        gate.Set();
        using var firstResponse = await first;
        using var third = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));

        await AssertProblemAsync(second, HttpStatusCode.ServiceUnavailable, "retry after");
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(1, server.Stats.Busy);
    }

    [Fact]
    public async Task Should_colorize_concurrent_requests_each_with_its_own_answer()
    {
        await using var server = await ServeHarness.StartAsync(new ServeSettings { Workers = 2, QueueLimit = 8 });
        var sizes = Enumerable.Range(0, 8).Select(i => (Width: 24 + 8 * i, Height: 16 + 4 * i)).ToList();

        var responses = await Task.WhenAll(sizes.Select(s => server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(s.Width, s.Height)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answered = await Task.WhenAll(responses.Select(async r => ImageDecoder.Decode(await r.Content.ReadAsByteArrayAsync(), "answer")));
        Assert.Equal(sizes, answered.Select(a => (a.Width, a.Height)));
        Assert.Equal(8, server.Model.Calls.Count);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task Should_drop_a_queued_request_whose_client_went_away_before_it_reaches_the_model()
    {
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        var model = new FakeAbPredictor { OnCall = n => { if (n == 1) { entered.Release(); gate.Wait(); } } };
        await using var server = await ServeHarness.StartAsync(new ServeSettings { Workers = 1, QueueLimit = 4 }, model);

        var first = server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        await entered.WaitAsync();
        using var leaving = new CancellationTokenSource();
        var second = server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)), leaving.Token);
        await ServeHarness.WaitUntilAsync(() => server.Queue.Admitted == 2);
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await ServeHarness.WaitUntilAsync(() => server.Stats.Cancelled == 1);
        gate.Set();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        await ServeHarness.WaitUntilAsync(() => server.Queue.Admitted == 0); // the queue gives the places back
        Assert.Single(server.Model.Calls); // the second image never reached the model
    }

    [Fact]
    public async Task Should_give_up_on_a_request_that_takes_longer_than_the_timeout()
    {
        using var gate = new ManualResetEventSlim();
        var model = new FakeAbPredictor { OnCall = _ => gate.Wait() };
        await using var server = await ServeHarness.StartAsync(new ServeSettings { RequestTimeout = TimeSpan.FromMilliseconds(200) }, model);

        using var response = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        gate.Set();

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "took longer than the limit of 0.2 s");
        Assert.Equal(1, server.Stats.TimedOut);
    }

    [Fact]
    public async Task Should_answer_our_own_failure_with_a_500_that_tells_nothing_of_the_inside_and_keep_serving()
    {
        var model = new FakeAbPredictor { OnCall = n => { if (n == 1) throw new InvalidOperationException("secret internal detail"); } };
        await using var server = await ServeHarness.StartAsync(model: model);

        using var failed = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));
        using var next = await server.Client.PostAsync("/api/colorize", Uploads.Form(Uploads.GrayPng(16, 16)));

        string body = await AssertProblemAsync(failed, HttpStatusCode.InternalServerError, "could not colorize");
        Assert.DoesNotContain("secret internal detail", body);
        Assert.DoesNotContain(" at ", body);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [InlineData("/assets/..%2F..%2FDeepColor.Cli.dll")]
    [InlineData("/assets/%2Fetc%2Fpasswd")]
    [InlineData("/DeepColor.Cli.dll")]
    [InlineData("/models/default.dclr")]
    [InlineData("/assets/DeepColor.Cli.Serve.Assets.index.html")]
    public async Task Should_serve_no_file_that_a_request_names(string url)
    {
        await using var server = await ServeHarness.StartAsync();

        using var response = await server.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_serve_the_page_with_a_file_input_and_its_assets_from_the_assembly()
    {
        await using var server = await ServeHarness.StartAsync();

        string page = await server.Client.GetStringAsync("/");
        using var script = await server.Client.GetAsync("/assets/app.js");
        using var style = await server.Client.GetAsync("/assets/app.css");

        Assert.Contains("type=\"file\"", page);
        Assert.DoesNotContain("https://", page);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/colorize", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_report_health_and_describe_the_model_without_naming_server_paths()
    {
        await using var server = await ServeHarness.StartAsync(new ServeSettings { QueueLimit = 5 });

        using var health = await server.Client.GetAsync("/api/health");
        using var model = JsonDocument.Parse(await server.Client.GetStringAsync("/api/model"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("fake", model.RootElement.GetProperty("description").GetString());
        Assert.Equal(32, model.RootElement.GetProperty("renderSize").GetInt32());
        Assert.Equal(5, model.RootElement.GetProperty("limits").GetProperty("queue").GetInt32());
        Assert.Equal(JsonValueKind.Null, model.RootElement.GetProperty("file").ValueKind);
    }

    [Fact]
    public async Task Should_describe_the_API_in_OpenAPI()
    {
        await using var server = await ServeHarness.StartAsync();

        using var doc = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi/v1.json"));

        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/colorize", out var colorize));
        Assert.True(paths.TryGetProperty("/api/health", out _));
        Assert.True(paths.TryGetProperty("/api/model", out _));
        var parameters = colorize.GetProperty("post").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["saturation", "renderSize", "format", "stripMetadata"], parameters);
        var content = colorize.GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").TryGetProperty("image", out _));
        Assert.True(content.TryGetProperty("image/jpeg", out _));
    }

    private static byte[] Truncated()
    {
        var jpeg = ImageEncoder.Encode(TestFiles.Noise(64, 64), ImageFormat.Jpeg, 90);
        return jpeg[..(jpeg.Length / 2)];
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString());
        return body;
    }
}
