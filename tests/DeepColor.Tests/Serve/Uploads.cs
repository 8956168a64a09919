using System.Net.Http.Headers;
using DeepColor.Imaging;
using DeepColor.Tests.Inference;

namespace DeepColor.Tests.Serve;

/// <summary>Request bodies for the colorize endpoint.</summary>
internal static class Uploads
{
    public static byte[] GrayPng(int width, int height) => ImageEncoder.Encode(TestImages.GrayRamp(width, height), ImageFormat.Png);

    public static MultipartFormDataContent Form(byte[] bytes, string field = "image", string fileName = "photo.png", string contentType = "image/png")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static ByteArrayContent Raw(byte[] bytes, string contentType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}
