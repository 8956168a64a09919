using DeepColor.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>Global gradient-norm clipping.</summary>
/// <remarks>
/// Written here because TorchSharp 0.107's <c>nn.utils.clip_grad_norm_</c> turned finite gradients
/// into NaN weights within a few steps in our runs (no NaN with clipping off or with this version).
/// </remarks>
internal static class GradientClipping
{
    /// <summary>Scales all gradients so their joint L2 norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static double ClipNorm(IEnumerable<TorchSharp.Modules.Parameter> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return 0;
        double norm = Math.Sqrt(grads.Sum(g => g.Power(2).sum().item<float>()));
        if (double.IsFinite(norm) && norm > maxNorm)
        {
            double scale = maxNorm / (norm + 1e-6);
            using (no_grad())
                foreach (var g in grads) g.TimesInPlace(scale);
        }
        return norm;
    }
}
