using DeepColor.Imaging;
using DeepColor.Native;
using Microsoft.ML.OnnxRuntime;

namespace DeepColor.Evaluation;

/// <summary>
/// An ImageNet classifier in ONNX (e.g. MobileNetV2 from the ONNX model zoo): one input
/// 1×3×224×224 float RGB with ImageNet mean/std, one output of 1000 logits. It owns one
/// <see cref="InferenceSession"/> for its whole life, because creating a session costs far more than a run.
/// </summary>
/// <remarks>
/// This is only the evaluation's judge of "does the colorized photo still look like the same
/// thing"; the colorizer's own feature extractors live in Model/Extractors.
/// </remarks>
public sealed class OnnxImageClassifier : IImageClassifier, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly long[] _shape = [1, 3, ClassifierPreprocessing.Crop, ClassifierPreprocessing.Crop];

    public OnnxImageClassifier(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"classifier model not found: {modelPath}", modelPath);
        ModelPath = modelPath;
        // Evaluation alternates classifier runs with colorizer work; spinning idle ORT threads would
        // only steal cores from the colorizer between those short runs.
        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.UseExactInt8();
        _session = new InferenceSession(modelPath, options);
        _inputName = _session.InputMetadata.Keys.First();
        _outputName = _session.OutputMetadata.Keys.First();
        var dims = _session.InputMetadata[_inputName].Dimensions;
        if (dims.Length != 4 || dims[1] != 3 || dims[2] != ClassifierPreprocessing.Crop || dims[3] != ClassifierPreprocessing.Crop)
        {
            _session.Dispose();
            throw new InvalidDataException($"{modelPath}: expected an input of shape N×3×224×224, found [{string.Join(", ", dims)}]");
        }
    }

    /// <summary>The model file this classifier was loaded from.</summary>
    public string ModelPath { get; }

    public float[] Probabilities(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = ClassifierPreprocessing.ToTensor(image);
        using var value = OrtValue.CreateTensorValueFromMemory(input, _shape);
        using var options = new RunOptions();
        using var outputs = _session.Run(options, [_inputName], [value], [_outputName]);
        // The model zoo's classifiers end in logits, not probabilities.
        return ClassProbabilities.Softmax(outputs[0].GetTensorDataAsSpan<float>());
    }

    public void Dispose() => _session.Dispose();
}
