using System.CommandLine;
using DeepColor.Model;
using DeepColor.Model.Serialization;

namespace DeepColor.Cli.Commands;

/// <summary>
/// What every command that writes a model file takes: the output path, fp16 storage and the decode-time
/// choices, so export and average describe and read them alike.
/// </summary>
internal sealed class ModelFileWriteOptions
{
    private readonly Option<string> _output = new("--output", "-o") { Description = "Model file to write", Required = true };
    private readonly Option<bool> _fp16 = new("--fp16") { Description = "Store weights as fp16 (half the size)" };
    private readonly Option<string?> _decode = new("--decode") { Description = "For models with an a*b* bins head: regression, bins or blend (default: as trained)" };
    private readonly Option<float?> _temperature = new("--temperature") { Description = "Annealed-mean temperature for bins decoding (default: as trained)" };
    private readonly Option<float?> _binsShare = new("--bins-share") { Description = "For --decode blend: the bins head's share, 0–1; the rest is the regression head's, which paints unsure surfaces grayer (default: as trained, 0.5)" };
    private readonly Option<float?> _chromaGain = new("--chroma-gain") { Description = "Multiply decoded a*b* by this (default: as trained, 1)" };
    private readonly Option<string?> _upsample = new("--upsample") { Description = "Final 2× of the a*b* planes: nearest (as trained) or bilinear (default: as trained)" };
    private readonly Option<float?> _chromaExponent = new("--chroma-exponent") { Description = "Chroma curve: multiply chroma above the knee by (C/knee)^this, 0 = off (default: as trained, 0)" };
    private readonly Option<float?> _chromaKnee = new("--chroma-knee") { Description = "C*ab (a*b* units) from which the chroma curve expands (default: as trained, 20)" };
    private readonly Option<float?> _chromaSpread = new("--chroma-spread") { Description = "Per-image chroma spread k: colours above the image's mean chroma grow, weaker ones fade (never below C* 5), 0 = off (default: as trained, 0)" };
    private readonly Option<int?> _renderSize = new("--render-size") { Description = "Long side the model renders at when colorize is given none, a multiple of 8 (default: as trained: its training size, or 224 for deepcolor-unet)" };
    private readonly Option<bool?> _flipAverage = new("--flip-average") { Description = "true: average with the prediction for the mirror image, at twice the work (default: as trained, false)" };

    public void AddTo(Command command)
    {
        Option[] options = [_output, _fp16, _decode, _temperature, _binsShare, _chromaGain, _chromaExponent, _chromaKnee, _chromaSpread, _upsample, _flipAverage, _renderSize];
        foreach (var option in options) command.Options.Add(option);
    }

    public string Output(ParseResult parse) => parse.GetValue(_output)!;

    public TensorPrecision Precision(ParseResult parse) => parse.GetValue(_fp16) ? TensorPrecision.Float16 : TensorPrecision.Float32;

    public DecodeOverrides Decoding(ParseResult parse) => new(
        parse.GetValue(_decode), parse.GetValue(_temperature), parse.GetValue(_chromaGain), parse.GetValue(_upsample), parse.GetValue(_flipAverage),
        parse.GetValue(_chromaExponent), parse.GetValue(_chromaKnee), parse.GetValue(_chromaSpread), parse.GetValue(_renderSize), parse.GetValue(_binsShare));
}
