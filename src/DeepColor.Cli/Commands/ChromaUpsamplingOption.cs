using System.CommandLine;
using DeepColor.Inference;

namespace DeepColor.Cli.Commands;

/// <summary><c>--chroma-upsample</c>, shared by the commands that colorize so they describe and default it alike.</summary>
internal static class ChromaUpsamplingOption
{
    public static Option<ChromaUpsampling> Create() => new("--chroma-upsample")
    {
        Description = "How colour predicted at render size reaches full resolution: guided (follows the photo's edges) or bilinear.",
        DefaultValueFactory = _ => ColorizerOptions.Default.Upsampling,
    };
}
