namespace DeepColor.Tests.Model.Extractors;

/// <summary>Finds ../shared next to the repository (the folder holding DeepColor.sln), or null when absent.</summary>
internal static class SharedDataLocator
{
    private static readonly Lazy<string?> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "DeepColor.sln"))) continue;
            string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            return Directory.Exists(shared) ? shared : null;
        }
        return null;
    });

    public static string? Root => RootLazy.Value;

    public static string MobileNetV2 => Path.Combine(Root!, "models", "mobilenetv2-12-int8.onnx");

    public static string ImageNetSample => Path.Combine(Root!, "data", "imagenet-sample", "images.tar");

    public static string ModelsFolder => Path.Combine(Root!, "models");

    public static bool HasMobileNetV2 => Root is not null && File.Exists(MobileNetV2) && File.Exists(ImageNetSample);
}
