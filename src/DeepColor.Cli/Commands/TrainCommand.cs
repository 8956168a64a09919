using System.CommandLine;
using DeepColor.Training;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary><c>deepcolor train</c>: maps options to <see cref="TrainOptions"/>, runs <see cref="Trainer"/>, renders progress.</summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new TrainOptions();
        var data = new Option<string[]>("--data", "-d") { Description = "Training images: folder, .tar file or pattern (train-*.tar); repeatable", AllowMultipleArgumentsPerToken = true };
        var val = new Option<string[]>("--val") { Description = "Validation images (default: hold out --val-split of --data)", AllowMultipleArgumentsPerToken = true };
        var valSplit = Opt("--val-split", defaults.ValSplit, "Share of --data held out for validation when --val is not given");
        var limit = new Option<int?>("--limit") { Description = "Use at most this many training images" };
        var valLimit = Opt("--val-limit", defaults.ValLimit, "Use at most this many validation images");
        var size = Opt("--size", defaults.Size, "Square training size in pixels (multiple of 8)");
        var store = Opt("--store-size", defaults.StoreSize, "Shorter side images are kept at in memory (0 = 1.25 × size)");
        var stream = Opt("--stream", defaults.Stream, "Stream training images from their tar shards or folders as batches need them, for data larger than memory (default: decode all into memory once)");
        var batch = Opt("--batch-size", defaults.BatchSize, "Images per optimiser step");
        var micro = Opt("--micro-batch", defaults.MicroBatch, "Images per forward/backward pass, gradients summed over the batch (0 = automatic, about 2 × 256² pixels)");
        var epochs = Opt("--epochs", defaults.Epochs, "Passes over the training data");
        var maxSteps = Opt("--max-steps", defaults.MaxSteps, "Stop after this many steps in total (0 = no limit)");
        var maxMinutes = Opt("--max-minutes", defaults.MaxMinutes, "Stop (with a checkpoint) after this many minutes (0 = no limit)");
        var lr = Opt("--lr", defaults.LearningRate, "Adam learning rate");
        var warmup = Opt("--warmup", defaults.WarmupSteps, "Linear learning-rate warm-up steps");
        var norm = Opt("--norm", defaults.Norm, "none (the seed) or batch (batch norm after each hidden conv)");
        var loss = Opt("--loss", defaults.Loss, "mse (the seed), bins (rebalanced classification over a*b* bins) or mixed");
        var binsWeight = Opt("--bins-weight", defaults.BinsWeight, "Weight of the bins loss in --loss mixed");
        var rebalance = Opt("--rebalance", defaults.Rebalance, "Bin rebalancing λ in (0, 1]: weights ∝ ((1−λ)·p + λ/Q)⁻¹, so a small λ weighs rare colours up most and 1 weighs every bin alike (no rebalancing)");
        var regressionRebalance = Opt("--regression-rebalance", defaults.RegressionRebalance, "Rebalancing λ in (0, 1] for the squared error: each pixel weighs as its truth colour's bin weight, which moves uncertain pixels from the plain mean towards rarer, more saturated colours (1 = every pixel alike)");
        var chromaMatch = Opt("--chroma-match-weight", defaults.ChromaMatchWeight, "Weight of the per-image chroma-matching term: regression output as colourful as the truth (0 = off)");
        var recognition = Opt("--recognition-weight", defaults.RecognitionWeight, "Weight of the recognition term: 1 − cosine between the pooled ImageNet-trunk features of the colourised image and of the truth, judged by a frozen copy of the trunk (0 = off)");
        var recognitionLocal = Opt("--recognition-local-share", defaults.RecognitionLocalShare, "Part (0–1) of the recognition term that compares the judge's stride-16 feature maps place by place, to catch local patches of a wrong hue (0 = pooled features only)");
        var classWeight = Opt("--class-weight", defaults.ClassWeight, "Weight of the global branch's class loss: folder labels, or the --teacher's probabilities (0 = off)");
        var schedule = Opt("--schedule", defaults.Schedule, "Learning-rate schedule: none, cosine or plateau");
        var patience = Opt("--early-stop", defaults.EarlyStopPatience, "Stop after this many validations without improvement (0 = never)");
        var clip = Opt("--clip-grad", defaults.ClipGradNorm, "Clip the gradient norm (0 = off)");
        var seed = Opt("--seed", defaults.Seed, "Random seed (data order, augmentation, initial weights)");
        var augment = Opt("--augment", defaults.Augment, "Augmentation: none, light or seed (shear 0.2, zoom 0.2, rotation 20°, flip)");
        var zoom = new Option<double?>("--zoom") { Description = "Replace the augmentation's zoom: crops span [1 − zoom, 1] × the stored shorter side (0–0.9)" };
        var ckptEvery = Opt("--checkpoint-every", defaults.CheckpointEvery, "Write checkpoints/last.ckpt every N steps");
        var valEvery = Opt("--validate-every", defaults.ValidateEvery, "Validate every N steps (0 = each epoch), and at --max-steps");
        var logEvery = Opt("--log-every", defaults.LogEvery, "Log metrics every N steps");
        var workers = Opt("--workers", defaults.Workers, "Threads preparing batches in the background");
        var threads = Opt("--threads", defaults.Threads, "libtorch threads (0 = all cores)");
        var device = Opt("--device", defaults.Device, "cpu or cuda (cuda needs a TorchSharp CUDA package)");
        var name = Opt("--name", defaults.Name, "Run name (folder runs/<utc>-<arch>-<name>)");
        var runs = Opt("--runs", defaults.RunsDir, "Folder that holds run folders");
        var arch = Opt("--arch", defaults.Architecture, "deepcolor-seed (learned from scratch) or deepcolor-unet (a pretrained ImageNet ResNet trunk in a U-Net; sizes multiples of 32)");
        var trunkTrainable = Opt("--trunk-trainable", defaults.TrunkTrainable, "deepcolor-unet: which trunk part trains: none (frozen), all, or stage1…stage4 (that stage on)");
        var trunkLrScale = Opt("--trunk-lr-scale", defaults.TrunkLrScale, "deepcolor-unet: the trainable trunk's learning rate as a share of --lr");
        var adversarial = Opt("--adversarial-weight", defaults.AdversarialWeight, "Weight of the adversarial term: a patch critic trained beside the colorizer tells true a*b* from painted on the same L*, and the colorizer is paid to be taken for a photo (0 = off; the critic stays in the run's checkpoints)");
        var criticLr = Opt("--critic-lr", defaults.CriticLearningRate, "The adversarial critic's learning rate (constant)");
        var adversarialWarmup = Opt("--adversarial-warmup", defaults.AdversarialWarmup, "Steps at the start of a run in which only the critic learns from the colorizer's output, before it judges the colorizer");
        var recognitionSize = Opt("--recognition-size", defaults.RecognitionSize, "Long side (multiple of 32) both images are resized to before the recognition judge sees them: 224 shows objects in small crops at the scale the trunk learned ImageNet at, for about three times the judge's work (0 = the crop as it is)");
        var trunkPath = new Option<string?>("--trunk-path") { Description = "The ImageNet trunk's ONNX file, for deepcolor-unet's trunk and the --recognition-weight judge (default: the one the NuGet package puts next to the tool)" };
        var decoder = Opt("--decoder", defaults.Decoder, "seed or koalarization");
        var extractor = Opt("--extractor", defaults.Extractor, "global (self-contained) or a registered ONNX extractor (deepcolor extractors list)");
        var extractorPath = new Option<string?>("--extractor-path") { Description = "The ONNX file of --extractor (else looked up in the model cache)" };
        var teacher = new Option<string?>("--teacher") { Description = "Distil this ImageNet classifier (ONNX) into the global branch: its probabilities on each gray image replace folder labels as the class target" };
        var teacherExtractor = Opt("--teacher-extractor", defaults.TeacherExtractor, "The --teacher's input and output contract (deepcolor extractors list)");
        var embeddingCache = new Option<string?>("--embedding-cache") { Description = "Folder for cached extractor embeddings (default: <runs>/embedding-cache)" };
        var widthMult = Opt("--width", defaults.WidthMultiplier, "Multiply every conv width (1 = published network)");
        var decode = Opt("--decode", defaults.Decode, "How a bins model decodes: regression, bins or blend");
        var temperature = Opt("--temperature", defaults.AnnealTemperature, "Annealed-mean temperature for bins decoding");
        var init = new Option<string?>("--init") { Description = "Fine-tune: start from this model file (e.g. models/default.dclr); its architecture is kept" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder (its options.json is used; --epochs/--max-steps/--max-minutes may extend it)" };

        var command = new Command("train", "Train a colorization model on your own photos (folders or tar shards).");
        foreach (var o in new Option[] { data, val, valSplit, limit, valLimit, size, store, stream, batch, micro, epochs, maxSteps, maxMinutes, lr, warmup, norm, loss, binsWeight, rebalance, regressionRebalance, classWeight, chromaMatch, recognition, recognitionLocal, recognitionSize, adversarial, criticLr, adversarialWarmup, schedule, patience, clip, seed, augment, zoom, ckptEvery, valEvery, logEvery, workers, threads, device, name, runs, arch, trunkTrainable, trunkLrScale, trunkPath, decoder, extractor, extractorPath, teacher, teacherExtractor, embeddingCache, widthMult, decode, temperature, init, resume })
            command.Options.Add(o);

        command.SetAction(parse =>
        {
            Trainer trainer;
            try
            {
                string? resumeDir = parse.GetValue(resume);
                if (resumeDir is not null)
                {
                    // Only limits typed on this command line change the run: an option's default is not a
                    // request (GetResult is non-null for defaulted options too, so check Implicit).
                    T Typed<T>(Option<T> option, T saved) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : saved;
                    trainer = Trainer.Resume(resumeDir, o => o with
                    {
                        Epochs = Typed(epochs, o.Epochs),
                        MaxSteps = Typed(maxSteps, o.MaxSteps),
                        MaxMinutes = Typed(maxMinutes, o.MaxMinutes),
                        Threads = Typed(threads, o.Threads),
                    }, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
                }
                else
                {
                    var options = new TrainOptions
                    {
                        Train = parse.GetValue(data) ?? [], Val = parse.GetValue(val) ?? [], ValSplit = parse.GetValue(valSplit),
                        Limit = parse.GetValue(limit), ValLimit = parse.GetValue(valLimit), Size = parse.GetValue(size), StoreSize = parse.GetValue(store), Stream = parse.GetValue(stream),
                        BatchSize = parse.GetValue(batch), MicroBatch = parse.GetValue(micro), Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(maxSteps), MaxMinutes = parse.GetValue(maxMinutes),
                        LearningRate = parse.GetValue(lr), WarmupSteps = parse.GetValue(warmup), Norm = parse.GetValue(norm)!, Loss = parse.GetValue(loss)!, BinsWeight = parse.GetValue(binsWeight), Rebalance = parse.GetValue(rebalance), RegressionRebalance = parse.GetValue(regressionRebalance),
                        ClassWeight = parse.GetValue(classWeight), ChromaMatchWeight = parse.GetValue(chromaMatch), RecognitionWeight = parse.GetValue(recognition), RecognitionLocalShare = parse.GetValue(recognitionLocal), RecognitionSize = parse.GetValue(recognitionSize),
                        AdversarialWeight = parse.GetValue(adversarial), CriticLearningRate = parse.GetValue(criticLr), AdversarialWarmup = parse.GetValue(adversarialWarmup), Schedule = parse.GetValue(schedule)!, EarlyStopPatience = parse.GetValue(patience),
                        ClipGradNorm = parse.GetValue(clip), Seed = parse.GetValue(seed), Augment = parse.GetValue(augment)!, Zoom = parse.GetValue(zoom), CheckpointEvery = parse.GetValue(ckptEvery),
                        ValidateEvery = parse.GetValue(valEvery), LogEvery = parse.GetValue(logEvery), Workers = parse.GetValue(workers), Threads = parse.GetValue(threads),
                        Device = parse.GetValue(device)!, Name = parse.GetValue(name)!, RunsDir = parse.GetValue(runs)!, Decoder = parse.GetValue(decoder)!,
                        Extractor = parse.GetValue(extractor)!, ExtractorPath = parse.GetValue(extractorPath), EmbeddingCacheDir = parse.GetValue(embeddingCache), WidthMultiplier = parse.GetValue(widthMult), Decode = parse.GetValue(decode)!,
                        AnnealTemperature = parse.GetValue(temperature), InitFrom = parse.GetValue(init),
                        TeacherPath = parse.GetValue(teacher), TeacherExtractor = parse.GetValue(teacherExtractor)!,
                        Architecture = parse.GetValue(arch)!, TrunkTrainable = parse.GetValue(trunkTrainable)!, TrunkLrScale = parse.GetValue(trunkLrScale), TrunkPath = parse.GetValue(trunkPath),
                    };
                    trainer = Trainer.Start(options, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
                }
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or IOException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return CliApp.UsageError;
            }

            using (trainer)
            {
                console.MarkupLineInterpolated($"run folder: [bold]{trainer.Run.Root}[/]");
                TrainResult? result = null;
                try
                {
                    result = TrainProgressView.Run(console, (progress, token) => trainer.Fit(progress, token), CancellationToken.None);
                }
                catch (Exception e) when (e is FileNotFoundException or InvalidDataException or NotSupportedException or ArgumentException or DeepColor.Model.Extractors.ExtractorException or DeepColor.Model.Serialization.ModelFileException)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                    return 1;
                }
                // A full disk, a run folder removed under a long run or a shard gone from under --stream: one line,
                // and where to go on from, rather than a stack trace after hours of training.
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] training stopped on a file error: {e.Message} The last checkpoint, if any, resumes with: deepcolor train --resume {trainer.Run.Root}");
                    return 1;
                }
                console.MarkupLine((result.Succeeded ? "[green]done[/]" : "[red]stopped[/]") + Markup.Escape($": {result.StopReason}. Resume with: deepcolor train --resume {trainer.Run.Root}"));
                return result.Succeeded ? 0 : 1;
            }
        });
        return command;
    }

    private static Option<T> Opt<T>(string name, T defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
