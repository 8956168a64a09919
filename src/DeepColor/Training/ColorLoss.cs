using DeepColor.Model;
using DeepColor.Model.Networks;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>The parts of one step's loss, for logging.</summary>
public sealed record LossParts(double Total, double Mse, double Bins, double Class, double Chroma = 0, double Recognition = 0, double Adversarial = 0);

/// <summary>
/// The training objective: the seed's MSE on a*b*, Zhang et al.'s rebalanced cross-entropy over
/// soft-encoded a*b* bins, or both; plus Iizuka et al.'s image-classification loss on the global branch,
/// and optionally a term that asks each image's regression output to be as colourful as its truth, and one that
/// asks it to be recognised as its truth is (<see cref="RecognitionLoss"/>), and one that asks it to be taken for a photo
/// by a critic (<see cref="AdversarialTerm"/>).
/// The class loss takes hard labels from folders, or, when a teacher classifier is given, its soft
/// probabilities (knowledge distillation, Hinton et al. 2015).
/// </summary>
public sealed class ColorLoss : IDisposable
{
    /// <summary>Soft encoding: each pixel's target spreads over its 5 nearest bins with a Gaussian of σ = 5 a*b* units.</summary>
    private const int SoftNeighbours = 5;
    private const float SoftSigma = 5f / Imaging.LabNormalization.AbScale;

    private readonly string _kind;
    private readonly double _binsWeight;
    private readonly double _classWeight;
    private readonly double _chromaMatchWeight;
    private readonly double _recognitionWeight;
    private readonly RecognitionLoss? _recognition;
    private readonly AdversarialTerm? _adversary;
    private readonly double _adversarialWeight;
    private readonly Tensor? _centres;
    private readonly Tensor? _rebalance;
    private readonly Tensor? _regressionRebalance;

    /// <param name="recognition">The judge of <paramref name="recognitionWeight"/>'s term; the loss takes ownership of it.</param>
    /// <param name="regressionRebalance">Per-bin weights [Q] for the squared error, by the colour of the truth; null
    /// weighs every pixel alike (the seed). The loss takes ownership of it.</param>
    /// <param name="adversary">The critic of <paramref name="adversarialWeight"/>'s term. The trainer, which also trains
    /// and saves it, keeps ownership.</param>
    public ColorLoss(string kind, double binsWeight, double classWeight, Tensor? rebalance, double chromaMatchWeight = 0,
        RecognitionLoss? recognition = null, double recognitionWeight = 0, Tensor? regressionRebalance = null,
        AdversarialTerm? adversary = null, double adversarialWeight = 0)
    {
        if (recognitionWeight > 0 && recognition is null) throw new ArgumentException("a recognition weight needs a judge", nameof(recognition));
        if (adversarialWeight > 0 && adversary is null) throw new ArgumentException("an adversarial weight needs a critic", nameof(adversary));
        _adversary = adversary;
        _adversarialWeight = adversarialWeight;
        _recognition = recognition;
        _recognitionWeight = recognitionWeight;
        _kind = kind;
        _binsWeight = binsWeight;
        _classWeight = classWeight;
        _chromaMatchWeight = chromaMatchWeight;
        if (kind != "mse") _rebalance = rebalance ?? ones(AbBins.Count);
        if (regressionRebalance is not null && kind == "bins")
            throw new ArgumentException("a weighted squared error needs --loss mse or mixed", nameof(regressionRebalance));
        _regressionRebalance = regressionRebalance;
        if (_rebalance is not null || _regressionRebalance is not null) _centres = AbBins.CentresTensor();
    }

    public bool UsesBins => _kind != "mse";

    /// <summary>Returns the scalar to backpropagate and its parts.</summary>
    /// <param name="l">The input L*, [N,1,H,W]; the recognition term needs it.</param>
    /// <param name="teacherProbs">[N,C] class probabilities from a teacher classifier; when given they are the
    /// class target instead of <paramref name="labels"/>.</param>
    public (Tensor Loss, LossParts Parts) Compute(ColorizationOutput output, Tensor l, Tensor abTarget, Tensor labels, Tensor? teacherProbs = null)
    {
        Tensor total = zeros(1);
        double mse = 0, bins = 0, cls = 0;
        (Tensor NegD2, Tensor Index)? near = _centres is null ? null : QuarterGridNeighbours(abTarget);
        if (_kind is "mse" or "mixed")
        {
            var m = _regressionRebalance is null
                ? nn.functional.mse_loss(output.Ab, abTarget)
                : RebalancedSquaredError(output.Ab, abTarget, near!.Value.Index);
            mse = m.item<float>();
            total = total.Plus(m);
        }
        if (_kind is "bins" or "mixed")
        {
            var logits = output.AbLogits ?? throw new InvalidOperationException("the bins loss needs a model with a bins head");
            var ce = BinsCrossEntropy(logits, near!.Value.NegD2, near.Value.Index);
            bins = ce.item<float>();
            total = total.Plus(ce.Times(_kind == "mixed" ? _binsWeight : 1.0));
        }
        double chroma = 0;
        if (_chromaMatchWeight > 0)
        {
            var c = ChromaMismatch(output.Ab, abTarget);
            chroma = c.item<float>();
            total = total.Plus(c.Times(_chromaMatchWeight));
        }
        double recognition = 0;
        if (_recognitionWeight > 0)
        {
            var r = _recognition!.Compute(l, output.Ab, abTarget);
            recognition = r.item<float>();
            total = total.Plus(r.Times(_recognitionWeight));
        }
        double adversarial = 0;
        if (_adversarialWeight > 0 && _adversary!.JudgesColorizer)
        {
            var a = _adversary.ColorizerLoss(l, output.Ab);
            adversarial = a.item<float>();
            total = total.Plus(a.Times(_adversarialWeight));
        }
        if (_classWeight > 0 && output.ClassLogits is { } classLogits
            && (teacherProbs is not null ? Distillation(classLogits, teacherProbs) : LabelCrossEntropy(classLogits, labels)) is { } classLoss)
        {
            cls = classLoss.item<float>();
            total = total.Plus(classLoss.Times(_classWeight));
        }
        return (total.squeeze(), new LossParts(total.item<float>(), mse, bins, cls, chroma, recognition, adversarial));
    }

    /// <summary>Cross-entropy over the labelled images (label ≥ 0); null when the batch has none.</summary>
    private static Tensor? LabelCrossEntropy(Tensor classLogits, Tensor labels)
    {
        if (!labels.GreaterOrEqual(0).any().item<bool>()) return null;
        // Written out rather than cross_entropy(ignore_index: -1): in our runs that call produced NaN
        // gradients with finite losses within a few steps, this masked form never did.
        var valid = labels.GreaterOrEqual(0).to_type(float32);
        var logp = nn.functional.log_softmax(classLogits, 1);
        var nll = -logp.gather(1, labels.ClampMin(0).unsqueeze(1)).squeeze(1);
        return (nll * valid).sum() / valid.sum().ClampMin(1);
    }

    /// <summary>
    /// Squared difference, per image, between the RMS chroma of prediction and truth, averaged over the
    /// batch. Squared error alone pays a network to mute every colour it is unsure of, so whole images
    /// come out greyer than their truth; this term pays it to guess how colourful each image is, and
    /// lets the squared error decide which hue that colour takes.
    /// </summary>
    public static Tensor ChromaMismatch(Tensor abPredicted, Tensor abTarget)
    {
        static Tensor RmsChroma(Tensor ab) => ab.Power(2).sum(1).mean([1, 2]).Plus(1e-6).sqrt();
        return (RmsChroma(abPredicted) - RmsChroma(abTarget)).Power(2).mean();
    }

    /// <summary>
    /// KL(teacher ‖ student) per image, averaged over the batch. It has the cross-entropy's gradient, and
    /// it is zero when the student matches, so the logged value says how far the branch is from the teacher.
    /// </summary>
    public static Tensor Distillation(Tensor studentLogits, Tensor teacherProbs)
    {
        if (studentLogits.shape[1] != teacherProbs.shape[1])
            throw new ArgumentException($"the class head has {studentLogits.shape[1]} outputs but the teacher gives {teacherProbs.shape[1]} probabilities");
        var logq = nn.functional.log_softmax(studentLogits, 1);
        // Classes the teacher rules out (p = 0) add nothing; the clamp only keeps 0·log 0 finite.
        return (teacherProbs * (teacherProbs.ClampMin(1e-12).log() - logq)).sum(1).mean();
    }

    /// <summary>
    /// The target pooled to a quarter-resolution grid (a*b* is smooth at that scale, and both bin-based terms cost
    /// little there), cells in (n, y, x) order: minus the squared distances to each cell's
    /// <see cref="SoftNeighbours"/> nearest bins [cells, 5], nearest first, and those bins' indices.
    /// </summary>
    private (Tensor NegD2, Tensor Index) QuarterGridNeighbours(Tensor abTarget)
    {
        var target = nn.functional.avg_pool2d(abTarget, 4);
        var flat = target.permute(0, 2, 3, 1).reshape(-1, 2);
        var d2 = AbBins.SquaredDistances(flat, _centres!).ClampMin(0);
        return (-d2).topk(SoftNeighbours, 1);
    }

    private Tensor BinsCrossEntropy(Tensor logits, Tensor nearNegD2, Tensor nearIdx)
    {
        // The bins head predicts at half resolution; the loss is taken on every second of those cells, the
        // quarter-resolution grid of the target (as Zhang et al.): the loss over all cells cost more than the rest of the step.
        var sampled = logits.slice(2, 0, logits.shape[2], 2).slice(3, 0, logits.shape[3], 2);
        var soft = exp(nearNegD2.DividedBy(2 * SoftSigma * SoftSigma));
        soft = soft / soft.sum(1, keepdim: true);
        var logp = nn.functional.log_softmax(sampled.permute(0, 2, 3, 1).reshape(-1, _centres!.shape[0]), 1);
        // Soft targets are zero outside the 5 nearest bins, so only those log-probabilities matter.
        var perPixel = -(soft * logp.gather(1, nearIdx)).sum(1);
        var weight = _rebalance!.index_select(0, nearIdx.select(1, 0));
        return (perPixel * weight).mean();
    }

    /// <summary>
    /// The squared error with each quarter-grid cell weighted by the rebalancing weight of its truth's colour.
    /// Unweighted, the error's minimiser for a pixel whose colour is uncertain is the mean of its possible colours,
    /// and the common near-neutral warm colours pull that mean to olive and orange; weighting rare colours up moves
    /// the minimiser to the weighted mean, towards the greens, reds and blues they are.
    /// </summary>
    private Tensor RebalancedSquaredError(Tensor abPredicted, Tensor abTarget, Tensor nearIdx)
    {
        // Mean over the two channels per pixel, as mse_loss, then over each cell: with weights all 1 this is mse_loss.
        var perCell = nn.functional.avg_pool2d((abPredicted - abTarget).Power(2).mean([1], keepdim: true), 4).flatten();
        var weight = _regressionRebalance!.index_select(0, nearIdx.select(1, 0));
        return (perCell * weight).mean();
    }

    public void Dispose()
    {
        _centres?.Dispose();
        _rebalance?.Dispose();
        _regressionRebalance?.Dispose();
        _recognition?.Dispose();
    }
}
