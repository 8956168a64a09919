using DeepColor.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Training;

/// <summary>
/// TorchSharp's Adam with its update written through <see cref="ScalarOps"/>. TorchSharp's own step makes
/// about seven temporary Scalars per parameter per step, each of which a collection can free while
/// libtorch still reads it (see ScalarOps). The arithmetic, its order and the state (moments, step count,
/// checkpoint format) are TorchSharp's, so updates are bit-identical and old checkpoints resume.
/// Weight decay, AMSGrad and maximize are not used here, and are refused rather than silently ignored.
/// </summary>
/// <remarks>
/// It is called Adam because TorchSharp's saved optimiser state names the optimiser's type and refuses a
/// stream written by another: under the same name, checkpoints written before it existed still resume.
/// </remarks>
internal sealed class Adam : TorchSharp.Modules.Adam
{
    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr) : base(parameters, lr)
    {
    }

    /// <summary>Groups with learning rates of their own (a pretrained trunk trains slower than a new decoder).</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr) : base(groups, lr)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        if (options.weight_decay != 0 || options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("this Adam implements plain Adam only (no weight decay, AMSGrad or maximize)");
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value, lr = options.LearningRate!.Value;

        foreach (var param in group.Parameters)
        {
            if (param.grad is not { } grad) continue;
            using var scope = NewDisposeScope();
            var state = (State)_state[param.Handle];
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);

            state.exp_avg.TimesInPlace(beta1).PlusScaledInPlace(grad, 1 - beta1);
            state.exp_avg_sq.TimesInPlace(beta2).PlusProductInPlace(grad, grad, 1 - beta2);
            var denominator = state.exp_avg_sq.sqrt().DividedBy(Math.Sqrt(biasCorrection2)).PlusInPlace(eps);
            param.PlusQuotientInPlace(state.exp_avg, denominator, -(lr / biasCorrection1));
        }
    }, closure);
}
