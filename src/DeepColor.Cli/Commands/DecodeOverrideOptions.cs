using System.CommandLine;
using DeepColor.Model;

namespace DeepColor.Cli.Commands;

/// <summary>The decode-time options shared by the commands that write model files.</summary>
internal sealed class DecodeOverrideOptions
{
    private readonly Option<string?> _decode = new("--decode") { Description = "For models with an a*b* bins head: regression, bins or blend (default: as trained)" };
    private readonly Option<float?> _temperature = new("--temperature") { Description = "Annealed-mean temperature for bins decoding (default: as trained)" };
    private readonly Option<float?> _chromaGain = new("--chroma-gain") { Description = "Multiply decoded a*b* by this (default: as trained, 1)" };
    private readonly Option<string?> _upsample = new("--upsample") { Description = "Final 2× of the a*b* planes: nearest (as trained) or bilinear (default: as trained)" };
    private readonly Option<bool?> _flipAverage = new("--flip-average") { Description = "true: average with the prediction for the mirror image, at twice the work (default: as trained, false)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_decode);
        command.Options.Add(_temperature);
        command.Options.Add(_chromaGain);
        command.Options.Add(_upsample);
        command.Options.Add(_flipAverage);
    }

    public DecodeOverrides Read(ParseResult parse) => new(
        parse.GetValue(_decode), parse.GetValue(_temperature), parse.GetValue(_chromaGain), parse.GetValue(_upsample), parse.GetValue(_flipAverage));
}
