using System.CommandLine;
using DeepColor.Cli.Batch;

namespace DeepColor.Cli.Commands;

/// <summary>
/// The inputs, naming and pixel options that <c>colorize</c> and <c>verify</c> share, so that verify, given the
/// command line colorize ran with, plans exactly the same outputs.
/// </summary>
internal sealed class BatchOptions
{
    public Argument<string[]> Inputs { get; } = new("INPUT") { Description = "Image files, folders or patterns such as 'scans/*.jpg' or 'archive/**/*.png'.", Arity = ArgumentArity.OneOrMore };
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Output folder (input folders are mirrored below it), or an output file name for a single input. Default: next to each input." };
    public Option<string> Model { get; } = new("--model") { Description = "Model file, 'default' for the shipped model, or 'random' for an untrained network.", DefaultValueFactory = _ => "default" };
    public Option<string?> ExtractorPath { get; } = new("--extractor-path") { Description = "ONNX file of the feature extractor, for models that use one." };
    public Option<float> Saturation { get; } = CreateSaturation();
    public Option<int?> RenderSize { get; } = new("--render-size") { Description = "Size the network runs at (long side); a multiple of 8. Default: the model file's own (its training size, or 224 for deepcolor-unet). Output keeps the input's full resolution." };
    public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Include images in sub-folders of folder inputs." };
    public Option<string> Suffix { get; } = new("--suffix") { Description = "Appended to each output file name.", DefaultValueFactory = _ => "-color" };
    public Option<string> Format { get; } = CreateFormat();
    public Option<int> Quality { get; } = new("--quality") { Description = "JPEG and WebP quality 1–100.", DefaultValueFactory = _ => 92 };
    public Option<string?> Shard { get; } = new("--shard") { Description = "K/N: take only shard K of N (1 ≤ K ≤ N), chosen by a stable hash of each input's path below its input root. N runs with K = 1…N share the inputs between them without overlap." };
    public RenderQualityOptions Rendering { get; } = new();

    /// <summary>The <c>--saturation</c> option, also for evaluate, so a setting can be scored as colorize applies it.</summary>
    internal static Option<float> CreateSaturation() =>
        new("--saturation") { Description = "Multiply the model's colour saturation: above 1 more vivid, below 1 calmer (0–3).", DefaultValueFactory = _ => 1f };

    private static Option<string> CreateFormat()
    {
        var format = new Option<string>("--format") { Description = "Output format: png, jpg, or same (JPEG, PNG and WebP keep their format, others become PNG).", DefaultValueFactory = _ => "same" };
        format.AcceptOnlyFromAmong("png", "jpg", "same");
        return format;
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Inputs);
        foreach (var option in new Option[] { Output, Model, ExtractorPath, Saturation, RenderSize, Recursive, Suffix, Format, Quality, Shard })
            command.Options.Add(option);
        Rendering.AddTo(command);
    }

    public IReadOnlyList<string> InputsOf(ParseResult parse) => parse.GetValue(Inputs) ?? [];

    public OutputFormatChoice FormatOf(ParseResult parse) => Enum.Parse<OutputFormatChoice>(parse.GetValue(Format) ?? "same", ignoreCase: true);
}
