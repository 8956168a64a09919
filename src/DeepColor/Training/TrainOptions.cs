namespace DeepColor.Training;

/// <summary>
/// Every knob of a training run, with the defaults the CLI shows. Saved as options.json in the run
/// folder so a run can be resumed and reproduced.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Training sources: folders, tar files or patterns (<c>train-*.tar</c>).</summary>
    public string[] Train { get; init; } = [];

    /// <summary>Validation sources; when empty, <see cref="ValSplit"/> of the training images is held out.</summary>
    public string[] Val { get; init; } = [];

    public double ValSplit { get; init; } = 0.02;
    public int? Limit { get; init; }
    public int ValLimit { get; init; } = 500;

    /// <summary>Square training side, a multiple of 8.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Shorter side images are stored at in memory; crops are taken from it. 0 = Size × 1.25.</summary>
    public int StoreSize { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Stream the training images from their tar shards or folders, decoding each as a batch needs it,
    /// instead of holding them all in memory: for data larger than memory. Slower per image on small
    /// sets, which fit in memory and are decoded once. Validation images are still held in memory.
    /// </summary>
    public bool Stream { get; init; }

    /// <summary>
    /// Images per forward/backward pass; gradients of the passes add up to the batch's (0 = automatic:
    /// about 2 × 256² pixels a pass, e.g. 32 at 64², 8 at 128², 2 at 256²). Batch norm sees one pass at a time.
    /// </summary>
    public int MicroBatch { get; init; }
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many optimiser steps in total (0 = no limit).</summary>
    public long MaxSteps { get; init; }

    /// <summary>Stop after this much wall time in this invocation (0 = no limit); a checkpoint is written first.</summary>
    public double MaxMinutes { get; init; }

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Linear learning-rate warm-up. Adam's first steps move every weight by about lr at once, which
    /// blows up this deep un-normalised ReLU stack at 1e-3; ramping up avoids the early divergence.
    /// </summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary><c>mse</c> (the seed), <c>bins</c> (Zhang et al. classification with rebalancing) or <c>mixed</c>.</summary>
    public string Loss { get; init; } = "mse";

    /// <summary>Weight of the bins cross-entropy in <c>mixed</c>.</summary>
    public double BinsWeight { get; init; } = 0.02;

    /// <summary>
    /// The λ of <see cref="RebalanceWeights"/>, in (0, 1]: the bin prior is mixed with a uniform one before it is
    /// inverted, so a smaller λ rebalances harder and 1 turns rebalancing off. Zhang et al. use 0.5.
    /// </summary>
    public double Rebalance { get; init; } = 0.5;

    /// <summary>
    /// The λ of <see cref="RebalanceWeights"/> for the squared error: each pixel's error weighs as the rebalancing
    /// weight of its truth's colour, so the error's minimiser moves from the plain mean of a pixel's possible colours
    /// towards its rarer, more saturated ones. 1 (the default) weighs every pixel alike, as the seed.
    /// </summary>
    public double RegressionRebalance { get; init; } = 1.0;

    /// <summary>Weight of the global branch's image-classification loss when labels exist (0 = off).</summary>
    public double ClassWeight { get; init; } = 0.003;

    /// <summary>
    /// Weight of the per-image chroma-matching term (RMS chroma of the regression output against the
    /// truth's); 0 = off, as the seed.
    /// </summary>
    public double ChromaMatchWeight { get; init; }

    /// <summary>
    /// Weight of the recognition term (<see cref="RecognitionLoss"/>): the regression output, seen in colour by a
    /// frozen copy of the ImageNet trunk, should give the truth's pooled features; 0 = off.
    /// </summary>
    public double RecognitionWeight { get; init; }

    /// <summary>
    /// The part (0–1) of the recognition term that compares the judge's stride-16 feature maps place by place
    /// instead of its pooled features; 0 = pooled only.
    /// </summary>
    public double RecognitionLocalShare { get; init; }

    /// <summary>
    /// Long side (a multiple of 32) both images are resized to before the recognition judge sees them, so that objects
    /// in small training crops reach it at the scale it learned ImageNet at (224); 0 = the crop as it is.
    /// </summary>
    public int RecognitionSize { get; init; }

    /// <summary>
    /// Weight of the adversarial term (<see cref="AdversarialTerm"/>): a patch critic, trained beside the colorizer,
    /// tells the truth's a*b* from the regression head's on the same L*, and the colorizer is paid to be taken for the
    /// truth; 0 = off. The critic is saved in the run's checkpoints, never in the model file.
    /// </summary>
    public double AdversarialWeight { get; init; }

    /// <summary>The critic's Adam learning rate (β1 0.5). It is constant: the colorizer's warm-up and schedule do not apply to it.</summary>
    public double CriticLearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Steps at the start of a run in which only the critic learns from the colorizer's output (the colorizer trains on
    /// its other terms), so that it is first judged by a critic that has learned something.
    /// </summary>
    public int AdversarialWarmup { get; init; } = 100;

    /// <summary><c>none</c>, <c>cosine</c> or <c>plateau</c>.</summary>
    public string Schedule { get; init; } = "none";

    /// <summary>Stop when validation loss has not improved for this many validations (0 = never).</summary>
    public int EarlyStopPatience { get; init; }

    /// <summary>Clip the gradient norm to this value (0 = off).</summary>
    public double ClipGradNorm { get; init; } = 5.0;

    public long Seed { get; init; } = 42;

    /// <summary><c>none</c>, <c>light</c> or <c>seed</c> (shear 0.2, zoom 0.2, rotation 20°, flip).</summary>
    public string Augment { get; init; } = "light";

    /// <summary>
    /// Replaces the preset's zoom: crops span [1 − Zoom, 1] × the stored shorter side. With a larger
    /// <see cref="StoreSize"/>, a larger zoom turns each stored photo into many different views.
    /// </summary>
    public double? Zoom { get; init; }

    /// <summary>The augmentation preset with <see cref="Zoom"/> applied.</summary>
    public Data.AugmentOptions AugmentSettings()
    {
        var preset = Data.AugmentOptions.Parse(Augment);
        return Zoom is { } zoom ? preset with { Zoom = zoom } : preset;
    }

    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Validate every N steps (0 = once per epoch); a run that reaches <see cref="MaxSteps"/> also validates its last step.</summary>
    public int ValidateEvery { get; init; }

    public int LogEvery { get; init; } = 20;
    public int Samples { get; init; } = 8;
    public int Workers { get; init; } = 1;
    public int Threads { get; init; }
    public string Device { get; init; } = "cpu";

    public string Name { get; init; } = "run";
    public string RunsDir { get; init; } = "runs";

    // Architecture.

    /// <summary><c>deepcolor-seed</c> (learned from scratch) or <c>deepcolor-unet</c> (the pretrained ResNet trunk in a U-Net).</summary>
    public string Architecture { get; init; } = Model.ColorizerConfig.ArchitectureName;

    /// <summary>
    /// Which of the U-Net's pretrained trunk trains: <c>none</c> (frozen: no gradients, batch norm on the ImageNet
    /// statistics), <c>all</c>, or <c>stage1</c>…<c>stage4</c> (that stage and the ones after it).
    /// </summary>
    public string TrunkTrainable { get; init; } = "none";

    /// <summary>The trainable trunk's learning rate as a share of <see cref="LearningRate"/>.</summary>
    public double TrunkLrScale { get; init; } = 0.1;

    /// <summary>The trunk's ONNX file (default: the one the NuGet package puts next to the application).</summary>
    public string? TrunkPath { get; init; }

    /// <summary>The first trunk part that trains (0 = stem … 4 = stage4, 5 = none); throws on a bad <see cref="TrunkTrainable"/>.</summary>
    public int FirstTrainableTrunkPart() => TrunkTrainable switch
    {
        "none" => Model.Networks.ResNetTrunk.PartCount,
        "all" => 0,
        "stage1" => 1,
        "stage2" => 2,
        "stage3" => 3,
        "stage4" => 4,
        _ => throw new ArgumentException($"unknown --trunk-trainable '{TrunkTrainable}' (valid: none, all, stage1, stage2, stage3, stage4)"),
    };

    public bool IsUNet => Architecture == Model.ColorizerConfig.UNetArchitectureName;

    /// <summary>
    /// Fine-tuning keeps the architecture of the <see cref="InitFrom"/> model, so the run folder, the checks in
    /// <see cref="Validate"/> and options.json name the network that actually trains. An --arch other than the
    /// default that names another architecture is an error rather than silently ignored.
    /// </summary>
    public TrainOptions WithArchitectureOfInit()
    {
        if (InitFrom is null || !File.Exists(InitFrom)) return this; // Validate reports the missing file
        string fileArchitecture = Model.ColorizerModelFile.ReadConfig(InitFrom).Architecture;
        if (Architecture != fileArchitecture && Architecture != Model.ColorizerConfig.ArchitectureName)
            throw new ArgumentException($"--arch {Architecture} conflicts with --init {InitFrom}, a {fileArchitecture} model (fine-tuning keeps the architecture of the model it starts from)");
        return this with { Architecture = fileArchitecture };
    }

    public string Decoder { get; init; } = "seed";
    public string Extractor { get; init; } = "global";
    public string? ExtractorPath { get; init; }
    public string? EmbeddingCacheDir { get; init; }
    public int EmbeddingDim { get; init; } = 256;
    public int GlobalWidth { get; init; } = 256;
    public double WidthMultiplier { get; init; } = 1.0;

    /// <summary>none (the seed) or batch (batch norm after each hidden conv).</summary>
    public string Norm { get; init; } = "none";

    /// <summary>How the exported model decodes when a bins head exists: regression, bins or blend.</summary>
    public string Decode { get; init; } = "regression";

    public double AnnealTemperature { get; init; } = 0.38;

    /// <summary>
    /// Fine-tune: start from this model file's weights (e.g. models/default.dclr) instead of random ones.
    /// Its architecture is kept; the class and bins heads start fresh when they do not fit.
    /// </summary>
    public string? InitFrom { get; init; }

    /// <summary>
    /// An ImageNet classifier (ONNX) to distil into the global branch: its class probabilities on each
    /// gray training image become the class head's target, in place of folder labels, so images without
    /// labels (whole scenes, photos) teach semantics too. Inference never needs the file.
    /// </summary>
    public string? TeacherPath { get; init; }

    /// <summary>Registry name of the teacher's input and output contract (see <c>deepcolor extractors</c>).</summary>
    public string TeacherExtractor { get; init; } = "mobilenetv2";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    /// <param name="initFileNeeded">False when resuming a run that recorded its own model config: the --init
    /// file seeded only its first step.</param>
    public void Validate(bool initFileNeeded = true)
    {
        if (Train.Length == 0) throw new ArgumentException("no training data given (--data)");
        if (Size <= 0 || Size % 8 != 0) throw new ArgumentException($"--size {Size} must be a positive multiple of 8");
        if (BatchSize <= 0) throw new ArgumentException("--batch-size must be positive");
        if (MicroBatch < 0) throw new ArgumentException("--micro-batch must be 0 (automatic) or positive");
        if (Loss is not ("mse" or "bins" or "mixed")) throw new ArgumentException($"unknown --loss '{Loss}' (valid: mse, bins, mixed)");
        if (Schedule is not ("none" or "cosine" or "plateau")) throw new ArgumentException($"unknown --schedule '{Schedule}' (valid: none, cosine, plateau)");
        if (Device is not ("cpu" or "cuda")) throw new ArgumentException($"unknown --device '{Device}' (valid: cpu, cuda)");
        if (LearningRate <= 0) throw new ArgumentException("--lr must be positive");
        if (ValSplit is < 0 or >= 1) throw new ArgumentException("--val-split must be in [0, 1)");
        Data.AugmentOptions.Parse(Augment);
        if (ChromaMatchWeight < 0) throw new ArgumentException($"--chroma-match-weight {ChromaMatchWeight} must not be negative");
        if (RecognitionWeight < 0 || !double.IsFinite(RecognitionWeight)) throw new ArgumentException($"--recognition-weight {RecognitionWeight} must be 0 or positive");
        if (RecognitionLocalShare is < 0 or > 1 || double.IsNaN(RecognitionLocalShare)) throw new ArgumentException($"--recognition-local-share {RecognitionLocalShare} must be in [0, 1]");
        if (RecognitionSize < 0 || RecognitionSize % 32 != 0) throw new ArgumentException($"--recognition-size {RecognitionSize} must be 0 or a positive multiple of 32");
        if (AdversarialWeight < 0 || !double.IsFinite(AdversarialWeight)) throw new ArgumentException($"--adversarial-weight {AdversarialWeight} must be 0 or positive");
        if (CriticLearningRate <= 0 || !double.IsFinite(CriticLearningRate)) throw new ArgumentException($"--critic-lr {CriticLearningRate} must be positive");
        if (AdversarialWarmup < 0) throw new ArgumentException($"--adversarial-warmup {AdversarialWarmup} must be 0 or positive");
        // λ = 0 would invert a prior with empty bins: infinite weights and a NaN loss.
        if (Rebalance is <= 0 or > 1 || double.IsNaN(Rebalance)) throw new ArgumentException($"--rebalance {Rebalance} must be in (0, 1] (1 = no rebalancing)");
        if (RegressionRebalance is <= 0 or > 1 || double.IsNaN(RegressionRebalance))
            throw new ArgumentException($"--regression-rebalance {RegressionRebalance} must be in (0, 1] (1 = no rebalancing)");
        if (RegressionRebalance < 1 && Loss == "bins")
            throw new ArgumentException("--regression-rebalance weighs the squared error, which --loss bins does not have; use --loss mse or mixed");
        if (Zoom is < 0 or > 0.9) throw new ArgumentException($"--zoom {Zoom} must be in [0, 0.9]");
        if (initFileNeeded && InitFrom is not null && !File.Exists(InitFrom)) throw new ArgumentException($"--init {InitFrom}: no such model file");
        if (TeacherPath is not null) ValidateTeacher();
        if (Stream && (Extractor != Model.ColorizerConfig.GlobalExtractorName || TeacherPath is not null))
            throw new ArgumentException("--stream cannot be combined with --extractor or --teacher: their vectors are computed over images held in memory");
        if (!Model.ColorizerConfig.Architectures.Contains(Architecture))
            throw new ArgumentException($"unknown --arch '{Architecture}' (valid: {string.Join(", ", Model.ColorizerConfig.Architectures)})");
        FirstTrainableTrunkPart();
        if (TrunkLrScale <= 0) throw new ArgumentException($"--trunk-lr-scale {TrunkLrScale} must be positive");
        if (IsUNet) ValidateUNet();
    }

    private void ValidateUNet()
    {
        // The trunk halves the grid five times; other sizes would be padded in every training step.
        if (Size % Model.Networks.UNetColorizationNet.Stride != 0)
            throw new ArgumentException($"--size {Size}: --arch {Model.ColorizerConfig.UNetArchitectureName} trains at multiples of {Model.Networks.UNetColorizationNet.Stride}");
        if (Extractor != Model.ColorizerConfig.GlobalExtractorName)
            throw new ArgumentException($"--arch {Model.ColorizerConfig.UNetArchitectureName} has its own pretrained trunk; --extractor does not apply");
        if (TeacherPath is not null)
            throw new ArgumentException($"--arch {Model.ColorizerConfig.UNetArchitectureName} has no class head to distil into; --teacher does not apply");
        if (TrunkPath is not null && !File.Exists(TrunkPath)) throw new ArgumentException($"--trunk-path {TrunkPath}: no such file");
    }

    private void ValidateTeacher()
    {
        if (!File.Exists(TeacherPath)) throw new ArgumentException($"--teacher {TeacherPath}: no such file");
        if (Extractor != Model.ColorizerConfig.GlobalExtractorName)
            throw new ArgumentException($"--teacher distils into the global branch; it cannot be combined with --extractor {Extractor}");
        if (ClassWeight <= 0) throw new ArgumentException("--teacher needs a positive --class-weight: it weighs the distillation loss");
        if (!Model.Extractors.ExtractorRegistry.Default.TryGet(TeacherExtractor, out var cfg))
            throw new ArgumentException($"--teacher-extractor {TeacherExtractor}: unknown (see 'deepcolor extractors')");
        if (cfg.Source == Model.Extractors.ExtractorSource.Network)
            throw new ArgumentException($"--teacher-extractor {TeacherExtractor} is the network's own branch, not an ONNX classifier");
        if (cfg.Embedding != Model.Extractors.OutputKind.Softmax)
            throw new ArgumentException($"--teacher-extractor {TeacherExtractor} gives {cfg.Embedding}, not class probabilities");
    }
}
