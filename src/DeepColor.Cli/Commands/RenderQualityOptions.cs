using System.CommandLine;
using DeepColor.Inference;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>--chroma-upsample</c> and <c>--flip-average</c>, shared by the commands that colorize, so that
/// colorize, evaluate and bench describe, default and apply them alike.
/// </summary>
internal sealed class RenderQualityOptions
{
    public Option<ChromaUpsampling> Upsampling { get; } = new("--chroma-upsample")
    {
        Description = "How colour predicted at render size reaches full resolution: guided (follows the photo's edges) or bilinear.",
        DefaultValueFactory = _ => ColorizerOptions.Default.Upsampling,
    };

    public Option<bool?> FlipAverage { get; } = new("--flip-average")
    {
        Description = "true or false: average with the prediction for the mirror image (steadier colours, twice the network work). Default: as the model file says (the shipped model does not: it was chosen without it).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Upsampling);
        command.Options.Add(FlipAverage);
    }

    public ColorizerOptions ApplyTo(ParseResult parse, ColorizerOptions options) =>
        options with { Upsampling = parse.GetValue(Upsampling), FlipAverage = parse.GetValue(FlipAverage) };
}
