using DeepColor.Imaging;
using DeepColor.Native;
using Microsoft.ML.OnnxRuntime;

namespace DeepColor.Model.Extractors;

/// <summary>
/// An <see cref="IFeatureExtractor"/> backed by one ONNX Runtime session, created once and reused for every batch.
/// The constructor checks the graph against the cfg, so a wrong file fails at load time, not mid-training.
/// </summary>
public sealed class OnnxFeatureExtractor : IFeatureExtractor
{
    /// <summary>Largest batch sent to the session at once when its batch dimension is dynamic.</summary>
    public const int DefaultMaxBatch = 16;

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    /// <summary>Opens <paramref name="modelPath"/> (already resolved and checksum-verified) and checks it against <paramref name="cfg"/>.</summary>
    public OnnxFeatureExtractor(ExtractorCfg cfg, string modelPath, int maxBatch = DefaultMaxBatch, int intraOpThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Preprocessor = new ExtractorPreprocessor(cfg);
        Cfg = cfg;
        ModelPath = modelPath;
        _session = Open(cfg, modelPath, intraOpThreads);
        try
        {
            InputName = PickName(cfg, modelPath, "input", cfg.InputName, _session.InputMetadata.Keys);
            OutputName = PickName(cfg, modelPath, "output", cfg.OutputName, _session.OutputMetadata.Keys);
            int batchDim = CheckInput(_session.InputMetadata[InputName]);
            CheckOutput(_session.OutputMetadata[OutputName]);
            MaxBatch = batchDim == 1 ? 1 : maxBatch;
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        _inputNames = [InputName];
        _outputNames = [OutputName];
    }

    public string Name => Cfg.Name;
    public ExtractorCfg Cfg { get; }
    public int EmbeddingDim => Cfg.EmbeddingDim;

    /// <summary>The file the session was created from.</summary>
    public string ModelPath { get; }

    /// <summary>Graph input actually used (the cfg's, or the graph's only input).</summary>
    public string InputName { get; }

    /// <summary>Graph output actually used.</summary>
    public string OutputName { get; }

    /// <summary>Images per session run; 1 when the graph fixes its batch dimension to 1.</summary>
    public int MaxBatch { get; }

    /// <summary>The cfg-driven preprocessing this extractor applies.</summary>
    public ExtractorPreprocessor Preprocessor { get; }

    public float[][] Embed(IReadOnlyList<RgbaImage> images, CancellationToken ct = default) => Embed(images, grayInput: true, ct);

    /// <summary>As <see cref="Embed(IReadOnlyList{RgbaImage}, CancellationToken)"/>; <paramref name="grayInput"/> false keeps colour (for diagnostics).</summary>
    public float[][] Embed(IReadOnlyList<RgbaImage> images, bool grayInput, CancellationToken ct = default) =>
        RunBatched(images.Count, (i, span) => Preprocessor.PrepareInto(images[i], span, grayInput), ct);

    /// <summary>Embeds inputs that are already preprocessed (each <see cref="ExtractorPreprocessor.ElementCount"/> floats).</summary>
    public float[][] EmbedPrepared(IReadOnlyList<float[]> inputs, CancellationToken ct = default)
    {
        int n = Preprocessor.ElementCount;
        foreach (var input in inputs)
            if (input.Length != n) throw new ArgumentException($"each input needs {n} floats, got {input.Length}", nameof(inputs));
        return RunBatched(inputs.Count, (i, span) => inputs[i].CopyTo(span), ct);
    }

    public void Dispose() => _session.Dispose();

    private delegate void Fill(int index, Span<float> destination);

    private float[][] RunBatched(int count, Fill fill, CancellationToken ct)
    {
        var result = new float[count][];
        int per = Preprocessor.ElementCount;
        for (int start = 0; start < count; start += MaxBatch)
        {
            ct.ThrowIfCancellationRequested();
            int n = Math.Min(MaxBatch, count - start);
            var buffer = new float[n * per];
            for (int i = 0; i < n; i++) fill(start + i, buffer.AsSpan(i * per, per));
            var rows = Run(buffer, n, ct);
            Array.Copy(rows, 0, result, start, n);
        }
        return result;
    }

    private float[][] Run(float[] buffer, int n, CancellationToken ct)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, Cfg.InputShape(n));
        using var options = new RunOptions();
        using var registration = ct.Register(() => options.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(options, _inputNames, [input], _outputNames);
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        using (outputs)
        {
            var values = outputs[0].GetTensorDataAsSpan<float>();
            if (values.Length != n * EmbeddingDim)
                throw new ExtractorException(ExtractorFailure.ShapeMismatch,
                    $"extractor '{Name}': {ModelPath} returned {values.Length} values for {n} images, expected {EmbeddingDim} each", ModelPath);
            var rows = new float[n][];
            for (int i = 0; i < n; i++)
            {
                rows[i] = values.Slice(i * EmbeddingDim, EmbeddingDim).ToArray();
                if (Cfg.OnnxOutput == OutputKind.Logits && Cfg.Embedding == OutputKind.Softmax) SoftmaxInPlace(rows[i]);
            }
            return rows;
        }
    }

    internal static void SoftmaxInPlace(Span<float> v)
    {
        float max = float.NegativeInfinity;
        foreach (var x in v) max = MathF.Max(max, x);
        double sum = 0;
        for (int i = 0; i < v.Length; i++) { v[i] = MathF.Exp(v[i] - max); sum += v[i]; }
        float inv = (float)(1.0 / sum);
        for (int i = 0; i < v.Length; i++) v[i] *= inv;
    }

    private static InferenceSession Open(ExtractorCfg cfg, string path, int threads)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0) options.IntraOpNumThreads = threads;
        options.UseExactInt8();
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ExtractorException(ExtractorFailure.NotOnnx,
                $"extractor '{cfg.Name}': {path} is not a loadable ONNX model ({FirstLine(e.Message)})", path, e);
        }
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    private static string PickName(ExtractorCfg cfg, string path, string what, string? wanted, IEnumerable<string> available)
    {
        var names = available.ToList();
        if (wanted is not null && names.Contains(wanted)) return wanted;
        // Exporters name tensors differently (tf2onnx: input_1, input_layer, ...): one tensor is unambiguous.
        if (names.Count == 1) return names[0];
        throw new ExtractorException(ExtractorFailure.ShapeMismatch,
            $"extractor '{cfg.Name}': {path} has no {what} named '{wanted}' and several to choose from: {string.Join(", ", names)}", path);
    }

    /// <summary>Checks the input against the cfg and returns its batch dimension (-1 when dynamic).</summary>
    private int CheckInput(NodeMetadata meta)
    {
        long[] expected = Cfg.InputShape(-1);
        int[] dims = meta.IsTensor ? meta.Dimensions : [];
        bool ok = meta.IsTensor && meta.ElementType == typeof(float) && dims.Length == expected.Length
            && dims[0] is -1 or 1 && dims.Skip(1).Zip(expected.Skip(1)).All(p => p.First == -1 || p.First == p.Second);
        if (!ok)
            throw new ExtractorException(ExtractorFailure.ShapeMismatch,
                $"extractor '{Name}': {ModelPath} input '{InputName}' is {Describe(meta)}, expected float32 " +
                $"[N,{string.Join(",", expected.Skip(1))}] ({Cfg.Layout}) with N dynamic or 1", ModelPath);
        return dims[0];
    }

    private void CheckOutput(NodeMetadata meta)
    {
        int[] dims = meta.IsTensor ? meta.Dimensions : [];
        bool ok = meta.IsTensor && meta.ElementType == typeof(float) && dims.Length >= 2
            && dims[^1] is var last && (last == Cfg.EmbeddingDim || last == -1)
            && dims[1..^1].All(d => d is 1 or -1);
        if (!ok)
            throw new ExtractorException(ExtractorFailure.ShapeMismatch,
                $"extractor '{Name}': {ModelPath} output '{OutputName}' is {Describe(meta)}, expected float32 [N,{Cfg.EmbeddingDim}]", ModelPath);
    }

    private static string Describe(NodeMetadata meta) => meta.IsTensor
        ? $"{meta.ElementType.Name} [{string.Join(",", meta.Dimensions)}]"
        : meta.OnnxValueType.ToString();
}
