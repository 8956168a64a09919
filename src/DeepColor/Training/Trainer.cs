using System.Diagnostics;
using System.Text.Json;
using DeepColor.Data;
using DeepColor.Evaluation;
using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Networks;
using DeepColor.Model.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>
/// Trains a <see cref="ColorizationNet"/> from <see cref="TrainOptions"/>: loads the data, runs
/// epochs with checkpoints, validation, samples and a loss curve, and resumes exactly where a run stopped.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainOptions _options;
    private readonly RunFolder _run;
    private readonly Action<string> _log;
    private readonly MetricsLog _metrics;
    private TrainState _state;
    private ColorizationNet? _net;
    private TorchSharp.Modules.Adam? _optimizer;
    private ColorLoss? _loss;
    private AdversarialTerm? _adversary;
    private Device _device = CPU;
    // One vector per image, carried through the batch loader: the frozen extractor's embedding, or, when
    // distilling, the teacher's class probabilities, which are a loss target and not an input.
    private float[][]? _trainEmbeddings;
    private float[][]? _valEmbeddings;
    private bool _distilling;

    private Trainer(TrainOptions options, RunFolder run, TrainState state, Action<string>? log)
    {
        _options = options;
        _run = run;
        _state = state;
        _metrics = new MetricsLog(run.Metrics);
        _log = line =>
        {
            run.AppendLog(line);
            log?.Invoke(line);
        };
    }

    public RunFolder Run => _run;
    public TrainOptions Options => _options;

    /// <summary>Test hook: return right after this step without saving anything, as a killed process would.</summary>
    internal long CrashAfterStep { get; init; } = -1;

    /// <summary>Losses of every step taken in this process, in order (for tests and diagnostics).</summary>
    internal List<double> StepLosses { get; } = new();

    /// <summary>Starts a new run folder under <see cref="TrainOptions.RunsDir"/>.</summary>
    public static Trainer Start(TrainOptions options, Action<string>? log = null, long crashAfterStep = -1)
    {
        options = options.WithArchitectureOfInit();
        options.Validate();
        var run = RunFolder.CreateNew(options.RunsDir, options.Architecture, options.Name);
        File.WriteAllText(run.Options, JsonSerializer.Serialize(options, new JsonSerializerOptions { WriteIndented = true }));
        return new Trainer(options, run, new TrainState { LearningRate = options.LearningRate }, log) { CrashAfterStep = crashAfterStep };
    }

    /// <summary>
    /// Reopens a run folder: options come from its options.json, except the stopping limits, which
    /// <paramref name="adjust"/> may extend (more epochs, more steps, more minutes).
    /// </summary>
    public static Trainer Resume(string runFolder, Func<TrainOptions, TrainOptions>? adjust = null, Action<string>? log = null, long crashAfterStep = -1)
    {
        var run = new RunFolder(runFolder);
        if (!File.Exists(run.Options)) throw new FileNotFoundException($"{runFolder}: not a run folder (no options.json)");
        var options = JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(run.Options))
            ?? throw new InvalidDataException($"{run.Options}: empty options");
        if (adjust is not null) options = adjust(options);
        if (!File.Exists(run.LastCheckpoint)) throw new FileNotFoundException($"{runFolder}: no checkpoint to resume from (checkpoints/last.ckpt)");
        // The network a run trains is the one its model-config.json describes; the --init file only seeded the
        // first step and may have been moved or deleted since. Runs that stopped before writing that file, and
        // those whose options.json predates recording the --init architecture, fall back to the --init file.
        ColorizerConfig? saved = File.Exists(run.ModelConfig)
            ? ColorizerModelFile.DeserializeConfig(File.ReadAllText(run.ModelConfig), run.ModelConfig)
            : null;
        options = saved is null ? options.WithArchitectureOfInit() : options with { Architecture = saved.Architecture };
        options.Validate(initFileNeeded: saved is null);
        return new Trainer(options, run, new TrainState(), log) { CrashAfterStep = crashAfterStep, Resuming = true, SavedConfig = saved };
    }

    private bool Resuming { get; init; }

    /// <summary>On resume, the run's own model-config.json, which outranks the --init file.</summary>
    private ColorizerConfig? SavedConfig { get; init; }

    /// <summary>Runs until the epochs, step or time limit is reached, the run diverges, or <paramref name="ct"/> is cancelled.</summary>
    public TrainResult Fit(IProgress<TrainProgress>? progress = null, CancellationToken ct = default)
    {
        var o = _options;
        if (o.Threads > 0) torch.set_num_threads(o.Threads);
        _device = o.Device == "cuda" ? (torch.cuda.is_available() ? CUDA : throw new ArgumentException("--device cuda: CUDA is not available (this build references TorchSharp-cpu)")) : CPU;

        progress?.Report(new TrainProgress("loading data", 0, 0, 0, double.NaN, 0, 0));
        var (train, val) = LoadData(ct);
        var labels = LabelMap.FromLabels(train.Labels);
        int? externalDim = null, teacherClasses = null;
        if (o.Extractor != ColorizerConfig.GlobalExtractorName)
        {
            (_trainEmbeddings, _valEmbeddings, externalDim) = Embed(o.Extractor, o.ExtractorPath, InMemory(train), val, "embedding images with " + o.Extractor, progress, ct);
        }
        else if (o.TeacherPath is not null)
        {
            (_trainEmbeddings, _valEmbeddings, teacherClasses) = Embed(o.TeacherExtractor, o.TeacherPath, InMemory(train), val, "classifying images with the teacher " + o.TeacherExtractor, progress, ct);
            _distilling = true;
        }
        var cfg = BuildConfig(labels, externalDim, teacherClasses);
        string classes = _distilling ? $"{cfg.NumClasses} classes distilled from {o.TeacherExtractor}" : cfg.NumClasses > 0 ? $"{cfg.NumClasses} classes" : "no class head";
        _log($"model: {cfg.Decoder} decoder, extractor {cfg.Extractor}, {classes}, {cfg.AbBins} a*b* bins");

        File.WriteAllText(_run.ModelConfig, ColorizerModelFile.SerializeConfig(cfg));
        _net = ColorizationNet.Create(cfg, o.Seed);
        if (_net is UNetColorizationNet unet && !Resuming && o.InitFrom is null)
        {
            string trunkFile = Model.Extractors.OnnxTrunkWeights.Import(unet.Trunk, o.TrunkPath);
            _log($"trunk weights imported from {trunkFile}");
        }
        _net.to(_device);
        _optimizer = CreateOptimizer(_net);
        if (Resuming)
        {
            _state = Checkpoint.Load(_run.LastCheckpoint, _net, _optimizer);
            _log($"resumed at step {_state.Step} (epoch {_state.Epoch}, batch {_state.BatchInEpoch})");
        }
        else
        {
            _log($"new run {_run.Root}: {train.Count} training and {val.Count} validation images, {_net.ParameterCount:N0} parameters");
            if (o.InitFrom is not null) InitialiseFrom(o.InitFrom);
            if (o.InitFrom is not null && _net is UNetColorizationNet initialised
                && Model.Extractors.OnnxTrunkWeights.RestoreOverflowedStatistics(initialised.Trunk, o.TrunkPath) is var restored and > 0)
                _log($"trunk: {restored} batch-norm channel(s) silenced by an old fp16 overflow given back their ImageNet statistics");
        }
        if (_net is UNetColorizationNet trained && trained.Trunk.NeutraliseDeadChannels() is var dead and > 0)
            _log($"trunk: {dead} trainable batch-norm channel(s) with an infinite running variance set to scale 0, so training and inference compute the same");
        SetLearningRate(Resuming ? _state.LearningRate : ScheduledRate(1));

        Tensor? rebalance = null, regressionRebalance = null;
        bool weighsRegression = o.RegressionRebalance < 1;
        if (o.Loss != "mse" || weighsRegression)
        {
            using var prior = RebalanceWeights.EstimatePrior(train, o.Size, workers: o.Workers);
            if (o.Loss != "mse") rebalance = LoggedWeights(prior, o.Rebalance, "the bins term");
            if (weighsRegression) regressionRebalance = LoggedWeights(prior, o.RegressionRebalance, "the squared error");
        }
        RecognitionLoss? judge = null;
        if (o.RecognitionWeight > 0)
        {
            judge = RecognitionLoss.FromTrunkFile(o.TrunkPath, _device, o.RecognitionLocalShare, o.RecognitionSize);
            _log($"recognition term: weight {o.RecognitionWeight}" + (o.RecognitionLocalShare > 0 ? $", {o.RecognitionLocalShare:0.##} of it on the stride-16 maps" : "")
                + (o.RecognitionSize > 0 ? $", images resized to a long side of {o.RecognitionSize}" : "")
                + ", judged by a frozen copy of the ImageNet trunk");
        }
        if (o.AdversarialWeight > 0) _adversary = CreateAdversary();
        _loss = new ColorLoss(o.Loss, o.BinsWeight, o.ClassWeight, rebalance, o.ChromaMatchWeight, judge, o.RecognitionWeight, regressionRebalance,
            _adversary, o.AdversarialWeight);

        var augment = o.AugmentSettings();
        int batchesPerEpoch = Math.Max(1, train.Count / o.BatchSize);
        long totalSteps = o.MaxSteps > 0 ? Math.Min(o.MaxSteps, (long)o.Epochs * batchesPerEpoch) : (long)o.Epochs * batchesPerEpoch;
        var wall = Stopwatch.StartNew();
        double wallAtStart = _state.WallSeconds;
        string reason = "finished";
        bool ok = true;

        while (_state.Epoch < o.Epochs)
        {
            int epoch = _state.Epoch;
            using var loader = new BatchLoader(train, labels, _trainEmbeddings, o.Size, o.BatchSize, augment, o.Seed, epoch, shuffle: true,
                startBatch: _state.BatchInEpoch, prefetch: PrefetchBatches, workers: o.Workers);
            _net.train();
            var window = Stopwatch.StartNew();
            var waitAtWindow = TimeSpan.Zero;
            long imagesInWindow = 0;
            double smoothLoss = double.NaN, smoothRecognition = double.NaN, smoothAdversarial = double.NaN, smoothCritic = double.NaN;
            foreach (var batch in loader.Batches())
            {
                double stepLoss;
                using (var scope = NewDisposeScope())
                {
                    var l = tensor(batch.L, [batch.Count, 1, batch.Size, batch.Size]).to(_device);
                    var ab = tensor(batch.Ab, [batch.Count, 2, batch.Size, batch.Size]).to(_device);
                    var lab = tensor(batch.Labels).to(_device);
                    var (emb, teacher) = VectorTensors(batch);
                    _optimizer.zero_grad();
                    if (_adversary is not null) _adversary.JudgesColorizer = _state.Step >= o.AdversarialWarmup;
                    var painted = new List<Tensor>();
                    var parts = AccumulateGradients(l, ab, lab, emb, teacher, painted);
                    stepLoss = parts.Total;
                    if (!double.IsFinite(stepLoss))
                    {
                        reason = $"loss became {stepLoss} at step {_state.Step + 1}; stopped without saving it. The last good checkpoint is {_run.LastCheckpoint}; try a lower --lr or --clip-grad";
                        ok = false;
                        break;
                    }
                    double gradNorm = GradientClipping.ClipNorm(_net.parameters(), o.ClipGradNorm > 0 ? o.ClipGradNorm : double.PositiveInfinity);
                    if (!double.IsFinite(gradNorm))
                    {
                        var bad = _net.named_parameters().Where(p => p.parameter.grad is { } g && !g.isfinite().all().item<bool>()).Select(p => p.name).ToList();
                        string where = bad.Count == 0 ? "?" : $"{bad.Count} tensors, e.g. {string.Join(", ", bad.TakeLast(3))}";
                        reason = $"gradient became {gradNorm} at step {_state.Step + 1} (first in {where}) while the loss was {stepLoss:G4}; stopped before applying it. The last good checkpoint is {_run.LastCheckpoint}";
                        ok = false;
                        break;
                    }
                    _optimizer.step();
                    if (_adversary is not null)
                    {
                        double critic = _adversary.TrainCritic(l, ab, cat(painted, 0), o.ClipGradNorm);
                        if (!double.IsFinite(critic))
                        {
                            reason = $"the critic's loss became {critic} at step {_state.Step + 1}; stopped without saving it. The last good checkpoint is {_run.LastCheckpoint}; try a lower --critic-lr";
                            ok = false;
                            break;
                        }
                        Smooth(critic, ref smoothCritic);
                        if (_adversary.JudgesColorizer) Smooth(parts.Adversarial, ref smoothAdversarial);
                    }
                    Smooth(parts.Total, ref smoothLoss);
                    Smooth(parts.Recognition, ref smoothRecognition);
                }
                StepLosses.Add(stepLoss);
                _state = _state with
                {
                    Step = _state.Step + 1,
                    BatchInEpoch = batch.Index + 1,
                    ImagesSeen = _state.ImagesSeen + batch.Count,
                    WallSeconds = wallAtStart + wall.Elapsed.TotalSeconds,
                };
                imagesInWindow += batch.Count;
                SetLearningRate(ScheduledRate(totalSteps));

                if (_state.Step == CrashAfterStep) return new TrainResult(_run, _state, "simulated crash", false);

                if (_state.Step % o.LogEvery == 0)
                {
                    double seconds = window.Elapsed.TotalSeconds;
                    double ips = imagesInWindow / Math.Max(seconds, 1e-9);
                    double waitShare = (loader.WaitTime - waitAtWindow).TotalSeconds / Math.Max(seconds, 1e-9);
                    var values = new Dictionary<string, double>
                    {
                        ["loss"] = smoothLoss, ["lr"] = _state.LearningRate, ["img_per_s"] = ips, ["loader_wait_share"] = waitShare,
                    };
                    if (o.RecognitionWeight > 0) values["recognition"] = smoothRecognition;
                    if (_adversary is not null)
                    {
                        values["critic"] = smoothCritic;
                        if (!double.IsNaN(smoothAdversarial)) values["adversarial"] = smoothAdversarial;
                    }
                    _metrics.Write("train", _state, values);
                    progress?.Report(new TrainProgress("training", _state.Step, totalSteps, epoch, smoothLoss, ips, waitShare));
                    window.Restart();
                    waitAtWindow = loader.WaitTime;
                    imagesInWindow = 0;
                }
                if (_state.Step % o.CheckpointEvery == 0) SaveLast();
                if (o.ValidateEvery > 0 && _state.Step % o.ValidateEvery == 0 && Validate(val, labels) is { } stop) { reason = stop; break; }

                if (ct.IsCancellationRequested) { reason = "interrupted"; break; }
                if (o.MaxSteps > 0 && _state.Step >= o.MaxSteps)
                {
                    reason = $"reached --max-steps {o.MaxSteps}";
                    // The run's planned end: the model it writes gets its own validation line unless this step
                    // just had one. A --max-minutes stop or Ctrl-C is a pause for --resume and validates nothing,
                    // so a resumed run keeps the same validations (and best checkpoint) as one never stopped.
                    if (!(o.ValidateEvery > 0 && _state.Step % o.ValidateEvery == 0)) Validate(val, labels);
                    break;
                }
                if (o.MaxMinutes > 0 && wall.Elapsed.TotalMinutes >= o.MaxMinutes) { reason = $"reached --max-minutes {o.MaxMinutes}"; break; }
            }
            if (!ok) break;
            if (reason != "finished")
            {
                SaveLast();
                break;
            }
            _state = _state with { Epoch = epoch + 1, BatchInEpoch = 0 };
            if (o.ValidateEvery == 0 && Validate(val, labels) is { } earlyStop) reason = earlyStop;
            SaveLast();
            if (reason != "finished") break;
        }
        _log($"stopped: {reason} at step {_state.Step}, {_state.ImagesSeen:N0} images, {_state.WallSeconds / 60:F1} min in total");
        LogMemory(train);
        if (ok && _state.Step > 0)
        {
            ColorizerModelFile.Save(_net, _run.Model, Summary(_options, _state, "last"));
            _log($"model written to {_run.Model}");
        }
        return new TrainResult(_run, _state, reason, ok);
    }

    /// <summary>What a model file records about the run that produced it.</summary>
    internal static System.Text.Json.Nodes.JsonObject Summary(TrainOptions o, TrainState state, string checkpoint) => new()
    {
        ["data"] = new System.Text.Json.Nodes.JsonArray(o.Train.Select(t => (System.Text.Json.Nodes.JsonNode)Path.GetFileName(t.TrimEnd('/'))).ToArray()),
        ["checkpoint"] = checkpoint,
        ["steps"] = state.Step,
        ["epochs"] = state.Epoch,
        ["imagesSeen"] = state.ImagesSeen,
        ["wallMinutes"] = Math.Round(state.WallSeconds / 60, 1),
        ["bestValLoss"] = double.IsFinite(state.BestValLoss) ? Math.Round(state.BestValLoss, 6) : null,
        ["loss"] = o.Loss,
        ["size"] = o.Size,
        ["batchSize"] = o.BatchSize,
        ["learningRate"] = o.LearningRate,
        ["seed"] = o.Seed,
        ["initFrom"] = o.InitFrom is null ? null : Path.GetFileName(o.InitFrom),
    };

    /// <summary>
    /// Writes a model file from a run's checkpoint (<c>last</c> or <c>best</c>), e.g. to ship fp16 weights.
    /// </summary>
    /// <param name="decoding">Decode-time choices that replace the run's own; null keeps them all.</param>
    public static void Export(string runFolder, string checkpoint, string outputPath, Model.Serialization.TensorPrecision precision,
        DecodeOverrides? decoding = null)
    {
        var run = new RunFolder(runFolder);
        var options = JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(run.Options)) ?? throw new InvalidDataException($"{run.Options}: empty options");
        string path = checkpoint switch
        {
            "last" => run.LastCheckpoint,
            "best" => run.BestCheckpoint,
            _ => throw new ArgumentException($"unknown checkpoint '{checkpoint}' (valid: last, best)"),
        };
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint");
        var cfg = ColorizerModelFile.DeserializeConfig(File.ReadAllText(run.ModelConfig), run.ModelConfig);
        cfg = (decoding ?? DecodeOverrides.None).ApplyTo(cfg);
        cfg.Validate();
        using var net = ColorizationNet.Create(cfg);
        var state = Checkpoint.Load(path, net, null);
        ColorizerModelFile.Save(net, outputPath, Summary(options, state, checkpoint), precision);
    }

    private static void Smooth(double value, ref double smooth) =>
        smooth = double.IsNaN(smooth) ? value : 0.9 * smooth + 0.1 * value;

    /// <summary>Rate for the next step: warm-up ramp × cosine decay × plateau reductions so far.</summary>
    private double ScheduledRate(long totalSteps)
    {
        var o = _options;
        double warm = o.WarmupSteps > 0 ? Math.Min(1.0, (_state.Step + 1.0) / o.WarmupSteps) : 1.0;
        double cosine = o.Schedule == "cosine" ? 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, (double)_state.Step / Math.Max(1, totalSteps)))) : 1.0;
        return o.LearningRate * warm * cosine * _state.PlateauFactor;
    }

    private Tensor LoggedWeights(Tensor prior, double lambda, string term)
    {
        var w = RebalanceWeights.FromPrior(prior, lambda);
        using var min = w.min();
        using var max = w.max();
        _log($"rebalancing weights for {term} (λ {lambda:0.##}) from the training prior: min {min.item<float>():F2}, max {max.item<float>():F2}");
        return w;
    }

    /// <summary>The critic goes first: a kill between the two writes leaves it one interval ahead, which resume reports.</summary>
    private void SaveLast()
    {
        _adversary?.Save(_run.CriticCheckpoint, _state);
        Checkpoint.Save(_run.LastCheckpoint, _state, _net!, _optimizer!);
    }

    /// <summary>
    /// The adversarial term's critic, from its own seed (the colorizer's plus one). A resumed run restores it with
    /// the colorizer; a run with no critic checkpoint yet (one resumed from before any was written) starts a new one.
    /// </summary>
    private AdversarialTerm CreateAdversary()
    {
        var o = _options;
        var adversary = AdversarialTerm.Create(o.Seed + 1, o.CriticLearningRate, _device);
        string warmup = o.AdversarialWarmup > 0 ? $", after {o.AdversarialWarmup} steps in which only the critic learns" : "";
        if (Resuming && File.Exists(_run.CriticCheckpoint))
        {
            long saved = adversary.Load(_run.CriticCheckpoint);
            _log($"adversarial term: weight {o.AdversarialWeight}, critic resumed from step {saved}" + (saved == _state.Step ? "" : $" (the colorizer's checkpoint is from step {_state.Step})"));
        }
        else
            _log($"adversarial term: weight {o.AdversarialWeight}{warmup}; a new patch critic learns at {o.CriticLearningRate:G3}");
        return adversary;
    }

    private void SetLearningRate(double lr)
    {
        int i = 0;
        foreach (var group in _optimizer!.ParamGroups) group.LearningRate = lr * _groupLrScales[i++];
        _state = _state with { LearningRate = lr };
    }

    // Learning-rate share of each optimiser group, in group order.
    private double[] _groupLrScales = [1.0];

    /// <summary>
    /// One group for the seed. The U-Net gets the decoder and heads at the full rate and the trainable part of
    /// the trunk at <see cref="TrainOptions.TrunkLrScale"/> of it; a frozen trunk's weights are in no group.
    /// </summary>
    private Adam CreateOptimizer(ColorizationNet net)
    {
        var o = _options;
        if (net is not UNetColorizationNet unet)
        {
            _groupLrScales = [1.0];
            return new Adam(net.parameters(), o.LearningRate);
        }
        unet.Trunk.Freeze(o.FirstTrainableTrunkPart());
        var trunkParams = new HashSet<IntPtr>(unet.Trunk.parameters().Select(p => p.Handle));
        var head = net.parameters().Where(p => !trunkParams.Contains(p.Handle)).ToList();
        var trunk = unet.Trunk.parameters().Where(p => p.requires_grad).ToList();
        var groups = new List<TorchSharp.Modules.Adam.ParamGroup> { new(head, new TorchSharp.Modules.Adam.Options { LearningRate = o.LearningRate }) };
        _groupLrScales = trunk.Count > 0 ? [1.0, o.TrunkLrScale] : [1.0];
        if (trunk.Count > 0) groups.Add(new(trunk, new TorchSharp.Modules.Adam.Options { LearningRate = o.LearningRate * o.TrunkLrScale }));
        _log($"trunk: {(trunk.Count == 0 ? "frozen" : $"{o.TrunkTrainable} trainable at {o.TrunkLrScale:G3} × lr")}, {trunk.Sum(p => p.numel()):N0} trunk and {head.Sum(p => p.numel()):N0} decoder parameters train");
        return new Adam(groups, o.LearningRate);
    }

    /// <summary>Validation loss, sample sheet and loss curve; returns a stop reason when early stopping triggers.</summary>
    private string? Validate(IReadOnlyList<TrainingImage> val, LabelMap labels)
    {
        if (val.Count == 0) return null;
        var o = _options;
        var net = _net!;
        net.eval();
        double total = 0, mse = 0, recognition = 0, criticTruth = 0, criticPainted = 0;
        int count = 0;
        var hue = HueBreakdown.Empty;
        // The validation loss leaves the adversarial term out: the critic changes every step, so the term would make
        // losses of different steps incomparable and could pick a best checkpoint for the critic's sake.
        bool judging = _adversary?.JudgesColorizer ?? false;
        if (_adversary is not null) _adversary.JudgesColorizer = false;
        var samples = new List<(RgbaImage, RgbaImage, RgbaImage)>();
        // Spread over the whole set: validation folders are usually sorted by class, and the first few
        // images would all show one class.
        var pick = new EvenSubset(o.Samples, val.Count);
        using (no_grad())
        using (var loader = new BatchLoader(val, labels, _valEmbeddings, o.Size, o.BatchSize, AugmentOptions.None, o.Seed, 0, shuffle: false, workers: o.Workers, dropLast: false))
        {
            foreach (var batch in loader.Batches())
            {
                using var scope = NewDisposeScope();
                var l = tensor(batch.L, [batch.Count, 1, batch.Size, batch.Size]).to(_device);
                var ab = tensor(batch.Ab, [batch.Count, 2, batch.Size, batch.Size]).to(_device);
                var (emb, teacher) = VectorTensors(batch);
                var output = net.forward(l, emb);
                var (_, parts) = _loss!.Compute(output, l, ab, tensor(batch.Labels).to(_device), teacher);
                var predicted = net.Decode(output);
                total += parts.Total * batch.Count;
                recognition += parts.Recognition * batch.Count;
                if (_adversary is not null)
                {
                    criticTruth += _adversary.MeanScore(l, ab) * batch.Count;
                    criticPainted += _adversary.MeanScore(l, output.Ab) * batch.Count;
                }
                mse += nn.functional.mse_loss(predicted, ab).item<float>() * batch.Count;
                count += batch.Count;
                hue += ScoreBatch(batch, predicted.cpu(), pick.Next, samples);
            }
        }
        net.train();
        if (_adversary is not null) _adversary.JudgesColorizer = judging;
        double valLoss = total / count, valMse = mse / count;
        bool improved = valLoss < _state.BestValLoss;
        _state = _state with
        {
            BestValLoss = improved ? valLoss : _state.BestValLoss,
            BestStep = improved ? _state.Step : _state.BestStep,
            ValidationsWithoutImprovement = improved ? 0 : _state.ValidationsWithoutImprovement + 1,
        };
        var values = new Dictionary<string, double> { ["loss"] = valLoss, ["ab_mse"] = valMse };
        var families = hue.Scores();
        if (hue.Total.Accuracy is double hueAccuracy) values["hue_accuracy"] = hueAccuracy;
        foreach (var f in families) values["hue_" + f.Key] = f.HueAccuracy;
        if (o.RecognitionWeight > 0) values["recognition"] = recognition / count;
        if (_adversary is not null)
        {
            values["critic_truth"] = criticTruth / count;
            values["critic_painted"] = criticPainted / count;
        }
        _metrics.Write("val", _state, values);
        string hueText = (hue.Total.Accuracy is double h ? $", hue accuracy {h:F3} ({string.Join(", ", families.Select(f => $"{f.Name} {f.HueAccuracy:F2}"))})" : "") + (o.RecognitionWeight > 0 ? $", recognition {recognition / count:F4}" : "")
            + (_adversary is not null ? $", critic's score truth {criticTruth / count:F3} / painted {criticPainted / count:F3}" : "");
        _log($"validation at step {_state.Step}: loss {valLoss:F5}, decoded a*b* MSE {valMse:F5}{hueText}{(improved ? " (best)" : "")}");
        SampleSheet.Write(Path.Combine(_run.Samples, $"step-{_state.Step:D7}.png"), samples, Math.Max(128, o.Size));
        LossCurve.Write(_run.Metrics, _run.LossCurve);
        if (improved) Checkpoint.Save(_run.BestCheckpoint, _state, net, _optimizer!);

        if (o.Schedule == "plateau" && _state.ValidationsWithoutImprovement > 0 && _state.ValidationsWithoutImprovement % 2 == 0)
        {
            _state = _state with { PlateauFactor = _state.PlateauFactor * 0.5 };
            SetLearningRate(_state.LearningRate * 0.5);
            _log($"validation loss plateaued: learning rate lowered to {_state.LearningRate:G3}");
        }
        if (o.EarlyStopPatience > 0 && _state.ValidationsWithoutImprovement >= o.EarlyStopPatience)
            return $"early stopping: no validation improvement for {o.EarlyStopPatience} validations (best at step {_state.BestStep})";
        return null;
    }

    /// <summary>
    /// Scores every image of a validation batch for hue accuracy (the metric that tells a colorizer from
    /// a sepia wash, which a falling MSE does not) and adds sheet rows for the images <paramref name="take"/> picks.
    /// </summary>
    private static HueBreakdown ScoreBatch(ColorBatch batch, Tensor predicted, Func<bool> take, List<(RgbaImage, RgbaImage, RgbaImage)> rows)
    {
        int s = batch.Size, plane = s * s;
        var pred = predicted.data<float>().ToArray();
        var hue = HueBreakdown.Empty;
        for (int i = 0; i < batch.Count; i++)
        {
            var gray = new LabImage(s, s);
            var guess = new LabImage(s, s);
            var truth = new LabImage(s, s);
            for (int p = 0; p < plane; p++)
            {
                float l = LabNormalization.DenormalizeL(batch.L[i * plane + p]);
                gray.L[p] = guess.L[p] = truth.L[p] = l;
                guess.A[p] = LabNormalization.DenormalizeAb(pred[(i * 2) * plane + p]);
                guess.B[p] = LabNormalization.DenormalizeAb(pred[(i * 2 + 1) * plane + p]);
                truth.A[p] = LabNormalization.DenormalizeAb(batch.Ab[(i * 2) * plane + p]);
                truth.B[p] = LabNormalization.DenormalizeAb(batch.Ab[(i * 2 + 1) * plane + p]);
            }
            hue += HueAccuracy.Breakdown(guess, truth);
            if (take()) rows.Add((gray.ToRgba(), guess.ToRgba(), truth.ToRgba()));
        }
        return hue;
    }

    /// <summary>Prepared batches waiting for the step: with streaming, what bounds the decoded images in memory.</summary>
    private const int PrefetchBatches = 4;

    private (ITrainingSet Train, IReadOnlyList<TrainingImage> Val) LoadData(CancellationToken ct)
    {
        var o = _options;
        if (o.Stream) return IndexData(ct);
        int store = StoreSize;
        var loader = new DatasetLoader(store, o.Limit);
        var sw = Stopwatch.StartNew();
        var (all, report) = loader.Load(o.Train, null, ct);
        _log($"training data, held in memory: {report} in {sw.Elapsed.TotalSeconds:F1} s");
        if (all.Count == 0) throw new InvalidDataException("no usable colour training images in " + string.Join(", ", o.Train));
        if (o.Val.Length > 0) return (new InMemoryTrainingSet(all), LoadValidation(ct));
        var (trainSet, valSet) = HoldOut(all);
        return (new InMemoryTrainingSet(trainSet), valSet);
    }

    /// <summary>
    /// <c>--stream</c>: indexes the training records (tar offsets, file paths) without decoding any, so memory
    /// no longer grows with the data. The hold-out is drawn from records, not from usable images as in memory,
    /// and is decoded at once (it is at most <see cref="TrainOptions.ValLimit"/> images).
    /// </summary>
    private (ITrainingSet Train, IReadOnlyList<TrainingImage> Val) IndexData(CancellationToken ct)
    {
        var o = _options;
        var sw = Stopwatch.StartNew();
        var index = ImageSourceReader.Locate(o.Train, o.Limit).ToList();
        if (index.Count == 0) throw new InvalidDataException("no training images in " + string.Join(", ", o.Train));
        IReadOnlyList<TrainingImage> val;
        List<RecordLocation> records;
        if (o.Val.Length > 0) (records, val) = (index, LoadValidation(ct));
        else
        {
            var (trainRecords, valRecords) = HoldOut(index);
            var (decoded, report) = new DatasetLoader(StoreSize).Load(valRecords, null, ct);
            _log($"validation data: {report}");
            (records, val) = (trainRecords, decoded);
        }
        _log($"training data, streamed: {records.Count} records indexed in {sw.Elapsed.TotalSeconds:F1} s; images are decoded as batches need them " +
            $"({o.Workers} --workers decoding, up to {PrefetchBatches} batches queued), unreadable and grayscale ones skipped as they are met");
        return (new StreamingTrainingSet(records, StoreSize), val);
    }

    private IReadOnlyList<TrainingImage> LoadValidation(CancellationToken ct)
    {
        var (val, valReport) = new DatasetLoader(StoreSize, _options.ValLimit).Load(_options.Val, null, ct);
        _log($"validation data: {valReport}");
        return val;
    }

    /// <summary>Deterministic hold-out: a seeded permutation, so the same items are held out on resume.</summary>
    private (List<T> Train, List<T> Val) HoldOut<T>(IReadOnlyList<T> all)
    {
        var o = _options;
        var order = DeterministicRandom.Permutation(all.Count, o.Seed, -7);
        int nVal = o.ValSplit > 0 ? Math.Clamp((int)Math.Round(all.Count * o.ValSplit), 1, Math.Min(o.ValLimit, all.Count - 1)) : 0;
        var valSet = order.Take(nVal).Order().Select(i => all[i]).ToList();
        var trainSet = order.Skip(nVal).Order().Select(i => all[i]).ToList();
        _log($"validation: {nVal} images held out from the training sources (--val-split {o.ValSplit})");
        return (trainSet, valSet);
    }

    /// <summary>The extractor and teacher embed every image up front, which needs them in memory (<c>--stream</c> is refused with them).</summary>
    private static IReadOnlyList<TrainingImage> InMemory(ITrainingSet set) =>
        set is InMemoryTrainingSet memory ? memory.Images : throw new InvalidOperationException("embeddings need the training images in memory");

    /// <summary>The peak resident memory, which tells whether streaming kept it bounded, and what streaming skipped.</summary>
    private void LogMemory(ITrainingSet train)
    {
        using var self = Process.GetCurrentProcess();
        string mode = train is StreamingTrainingSet ? "streamed" : "held in memory";
        _log($"memory: peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):N0} MiB (training data {mode})");
        if (train is StreamingTrainingSet streamed)
            _log($"streamed data: {streamed.Skipped.Report(streamed.Count - streamed.UnusableCount)} (records not read yet count as loaded)");
    }

    /// <summary>
    /// Forward and backward over the batch in micro-batches, summing gradients weighted by each part's
    /// share, so the step is the batch's. Returns the batch's loss parts; stops at the first non-finite loss.
    /// </summary>
    /// <param name="painted">Receives each micro-batch's regression output, detached, for the critic's step.</param>
    private LossParts AccumulateGradients(Tensor l, Tensor ab, Tensor labels, Tensor? embedding, Tensor? teacher, List<Tensor>? painted = null)
    {
        long n = l.shape[0];
        long micro = Math.Min(n, MicroBatchSize(_options, (int)l.shape[2]));
        double total = 0, mse = 0, bins = 0, cls = 0, chroma = 0, recognition = 0, adversarial = 0;
        for (long start = 0; start < n; start += micro)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(micro, n - start);
            double share = (double)len / n;
            var output = _net!.forward(l.narrow(0, start, len), embedding?.narrow(0, start, len));
            var (loss, p) = _loss!.Compute(output, l.narrow(0, start, len), ab.narrow(0, start, len), labels.narrow(0, start, len), teacher?.narrow(0, start, len));
            if (!double.IsFinite(p.Total)) return p;
            (len == n ? loss : loss.Times(share)).backward();
            painted?.Add(output.Ab.detach().MoveToOuterDisposeScope());
            total += p.Total * share;
            mse += p.Mse * share;
            bins += p.Bins * share;
            cls += p.Class * share;
            chroma += p.Chroma * share;
            recognition += p.Recognition * share;
            adversarial += p.Adversarial * share;
        }
        return new LossParts(total, mse, bins, cls, chroma, recognition, adversarial);
    }

    /// <summary>
    /// Images per forward/backward pass. On CPU a pass over a whole 256² batch of 8 ran at 1.2 img/s while
    /// passes of 1 or 2 images ran at 2.5–2.6 img/s: the activations of a large pass outgrow the caches and the
    /// step becomes memory-bound. The automatic choice keeps a pass near 2 × 256² pixels.
    /// </summary>
    internal static int MicroBatchSize(TrainOptions o, int size) =>
        o.MicroBatch > 0 ? o.MicroBatch : Math.Max(1, MicroBatchPixels / (size * size));

    private const int MicroBatchPixels = 2 * 256 * 256;

    /// <summary>The batch's per-image vectors as the network's embedding input, or as the teacher's targets.</summary>
    private (Tensor? Embedding, Tensor? Teacher) VectorTensors(ColorBatch batch)
    {
        if (batch.Embeddings is null) return (null, null);
        var t = tensor(batch.Embeddings, [batch.Count, batch.Embeddings.Length / batch.Count]).to(_device);
        return _distilling ? (null, t) : (t, null);
    }

    /// <summary>
    /// Runs a frozen ONNX classifier (the extractor, or the teacher) over training and validation images
    /// once, through the disk cache. A first run over Tiny ImageNet takes minutes, so it reports progress as <paramref name="phase"/>.
    /// </summary>
    private (float[][] Train, float[][] Val, int Dim) Embed(string name, string? path, IReadOnlyList<TrainingImage> train, IReadOnlyList<TrainingImage> val,
        string phase, IProgress<TrainProgress>? progress, CancellationToken ct)
    {
        void Report(int done, int total) => progress?.Report(new TrainProgress(phase, done, total, 0, double.NaN, 0, 0));
        Report(0, 0);
        var o = _options;
        using var extractor = Model.Extractors.ExtractorRegistry.Default.Create(name, path);
        string? weights = extractor is Model.Extractors.OnnxFeatureExtractor onnx ? Model.Extractors.ExtractorFiles.Sha256Of(onnx.ModelPath) : null;
        string key = EmbeddingCache.KeyFor(extractor.Name, weights, EmbeddingPrecomputer.Preprocessing(extractor.Cfg, StoreSize));
        using var cache = new EmbeddingCache(o.EmbeddingCacheDir ?? Path.Combine(o.RunsDir, "embedding-cache"), key, extractor.EmbeddingDim);
        var sw = Stopwatch.StartNew();
        var trainEmb = EmbeddingPrecomputer.Compute(extractor, cache, train, Report, ct);
        var valEmb = EmbeddingPrecomputer.Compute(extractor, cache, val, Report, ct);
        _log($"embeddings from {extractor.Name}: {cache.Hits + cache.Misses} looked up, hit rate {cache.HitRate * 100:F1}%, {sw.Elapsed.TotalSeconds:F1} s (cache {cache.FilePath})");
        return (trainEmb, valEmb, extractor.EmbeddingDim);
    }

    private int StoreSize => _options.StoreSize > 0 ? _options.StoreSize : (int)Math.Round(_options.Size * 1.25);

    /// <summary>
    /// Fine-tuning: starts from a model file's weights. The class head may differ (new labels, or none),
    /// and so may the bins head (a different loss); every other tensor must fit.
    /// </summary>
    private void InitialiseFrom(string path)
    {
        using var file = ModelFile.Load(path, _net!.Config.Architecture);
        var kept = ModelFile.LoadInto(_net!, file, name => name.StartsWith("global_branch.cls", StringComparison.Ordinal)
            || name.StartsWith("bins_head.", StringComparison.Ordinal) || name == "bin_centres");
        _log($"initialised from {path}" + (kept.Count == 0 ? "" : $"; {kept.Count} head tensors start fresh ({string.Join(", ", kept.Take(3))}{(kept.Count > 3 ? ", …" : "")})"));
    }

    private ColorizerConfig BuildConfig(LabelMap labels, int? externalDim, int? teacherClasses)
    {
        var o = _options;
        // Fine-tuning keeps the architecture of the model it starts from, so users need not repeat it.
        var from = SavedConfig ?? (o.InitFrom is null ? null : ColorizerModelFile.ReadConfig(o.InitFrom));
        if (o.IsUNet)
            return ColorizerConfig.UNet(o.Size) with
            {
                AbBins = o.Loss == "mse" ? 0 : AbBins.Count,
                Decode = o.Loss == "mse" ? "regression" : o.Decode,
                AnnealTemperature = (float)o.AnnealTemperature,
                WidthMultiplier = from?.WidthMultiplier ?? o.WidthMultiplier,
            };
        return new ColorizerConfig
        {
            Decoder = from?.Decoder ?? o.Decoder,
            Extractor = from?.Extractor ?? o.Extractor,
            EmbeddingDim = externalDim ?? from?.EmbeddingDim ?? o.EmbeddingDim,
            GlobalWidth = from?.GlobalWidth ?? o.GlobalWidth,
            GlobalInputSize = o.Size,
            NumClasses = teacherClasses ?? (o.ClassWeight > 0 && labels.Count > 1 ? labels.Count : 0),
            AbBins = o.Loss == "mse" ? 0 : AbBins.Count,
            Decode = o.Loss == "mse" ? "regression" : o.Decode,
            AnnealTemperature = (float)o.AnnealTemperature,
            TrainSize = o.Size,
            WidthMultiplier = from?.WidthMultiplier ?? o.WidthMultiplier,
            Norm = from?.Norm ?? o.Norm,
        };
    }

    public void Dispose()
    {
        _loss?.Dispose();
        _adversary?.Dispose();
        _optimizer?.Dispose();
        _net?.Dispose();
    }
}
