using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model;

/// <summary>
/// Tensor arithmetic with .NET numbers that holds each TorchSharp <see cref="Scalar"/> through its native
/// call and frees it right after. Library code writes <c>x.Times(2)</c> where it would write <c>x * 2</c>.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns every number handed to a tensor op (<c>x * 2</c>, <c>clamp(-1, 1)</c>,
/// <c>pow(2)</c>, even the alpha of 1 that <c>a + b</c> and <c>add_(b)</c> pass for you) into a Scalar
/// object that nothing references once its handle has been read, and whose finalizer frees the native
/// value. A collection started by another thread (the data loader decodes images on its own threads) can
/// then free it while libtorch still reads it: a training run and a test died of it with "Expected false
/// to be true" from Scalar::toLong. Each method here keeps the Scalar in a local that is disposed after
/// the call, and the tensors it was given alive until the call returns. A <see cref="Number"/> becomes the
/// same kind of Scalar the operators make, so results are bit-identical to the operator forms. Ops that
/// take a plain <c>double</c> (uniform_, batch_norm, pad) marshal it by value and need none of this;
/// TorchSharp's own BatchNorm2d.forward and Adam.step make such temporaries inside, hence SameConv's
/// direct batch_norm call and Training.Adam's step.
/// </remarks>
internal static class ScalarOps
{
    /// <summary>
    /// A number as the operators would hand it to libtorch: an integer stays an integer Scalar (so an int64
    /// tensor stays int64), anything else becomes a double-valued one, as a float does too.
    /// </summary>
    internal readonly record struct Number(long Integer, double Real, bool IsInteger)
    {
        public static implicit operator Number(long v) => new(v, 0, true);

        public static implicit operator Number(double v) => new(0, v, false);

        public Scalar ToScalar() => IsInteger ? Integer.ToScalar() : Real.ToScalar();
    }

    /// <summary><c>a + b</c> for two tensors.</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        using var one = 1.ToScalar();
        return Kept(a.add(b, one), a, b);
    }

    /// <summary><c>t + v</c>.</summary>
    public static Tensor Plus(this Tensor t, double v) => PlusNumber(t, v);

    /// <summary><c>t + v</c> with an integer. (Plus takes no <see cref="Number"/>: TorchSharp's own conversion of a number to a Tensor would make that ambiguous.)</summary>
    public static Tensor Plus(this Tensor t, long v) => PlusNumber(t, v);

    /// <summary><c>t * v</c>, same as <c>v * t</c>.</summary>
    public static Tensor Times(this Tensor t, Number v) => With(t, v, static (t, s) => t.mul(s));

    /// <summary><c>t / v</c>.</summary>
    public static Tensor DividedBy(this Tensor t, Number v) => With(t, v, static (t, s) => t.div(s));

    /// <summary><c>t.pow(exponent)</c>.</summary>
    public static Tensor Power(this Tensor t, Number exponent) => With(t, exponent, static (t, s) => t.pow(s));

    /// <summary><c>t.clamp_min(min)</c>.</summary>
    public static Tensor ClampMin(this Tensor t, Number min) => With(t, min, static (t, s) => t.clamp_min(s));

    /// <summary><c>t.clamp(min, max)</c>.</summary>
    public static Tensor ClampTo(this Tensor t, Number min, Number max)
    {
        using var lo = min.ToScalar();
        using var hi = max.ToScalar();
        return Kept(t.clamp(lo, hi), t);
    }

    /// <summary><c>t.ge(v)</c>: a bool mask.</summary>
    public static Tensor GreaterOrEqual(this Tensor t, Number v) => With(t, v, static (t, s) => t.ge(s));

    /// <summary><c>t.mul_(v)</c>: scales <paramref name="t"/> in place and returns it.</summary>
    public static Tensor TimesInPlace(this Tensor t, Number v) => With(t, v, static (t, s) => t.mul_(s));

    /// <summary><c>t.add_(b)</c>: adds <paramref name="b"/> into <paramref name="t"/>, which it returns.</summary>
    public static Tensor PlusInPlace(this Tensor t, Tensor b)
    {
        using var one = 1.ToScalar();
        return Kept(t.add_(b, one), b);
    }

    /// <summary><c>t.add_(v)</c>: adds a number into <paramref name="t"/>, which it returns.</summary>
    public static Tensor PlusInPlace(this Tensor t, double v) => With(t, v, static (t, s) =>
    {
        using var one = 1.ToScalar();
        return t.add_(s, one);
    });

    /// <summary><c>t.add_(b, alpha)</c>: adds <paramref name="alpha"/> × <paramref name="b"/> into <paramref name="t"/>, which it returns.</summary>
    public static Tensor PlusScaledInPlace(this Tensor t, Tensor b, double alpha)
    {
        using var s = alpha.ToScalar();
        return Kept(t.add_(b, s), b);
    }

    /// <summary><c>t.addcmul_(a, b, value)</c>: adds <paramref name="value"/> × a × b into <paramref name="t"/>, which it returns.</summary>
    public static Tensor PlusProductInPlace(this Tensor t, Tensor a, Tensor b, double value)
    {
        using var s = value.ToScalar();
        return Kept(t.addcmul_(a, b, s), a, b);
    }

    /// <summary><c>t.addcdiv_(a, b, value)</c>: adds <paramref name="value"/> × a / b into <paramref name="t"/>, which it returns.</summary>
    public static Tensor PlusQuotientInPlace(this Tensor t, Tensor a, Tensor b, double value)
    {
        using var s = value.ToScalar();
        return Kept(t.addcdiv_(a, b, s), a, b);
    }

    /// <summary><c>t.index_add_(dim, index, source, 1)</c>: adds the rows of <paramref name="source"/> at <paramref name="index"/>.</summary>
    public static Tensor IndexAddInPlace(this Tensor t, long dim, Tensor index, Tensor source)
    {
        using var one = 1.ToScalar();
        return Kept(t.index_add_(dim, index, source, one), index, source);
    }

    private static Tensor PlusNumber(Tensor t, Number v) => With(t, v, static (t, s) =>
    {
        using var one = 1.ToScalar();
        return t.add(s, one);
    });

    /// <summary>Runs <paramref name="op"/> with <paramref name="v"/> as a Scalar that lives exactly as long as the call.</summary>
    private static Tensor With(Tensor t, Number v, Func<Tensor, Scalar, Tensor> op)
    {
        using var s = v.ToScalar();
        return Kept(op(t, s), t);
    }

    /// <summary>
    /// Returns <paramref name="result"/>; taking the inputs as arguments keeps them reachable until the op
    /// that made it has returned, even when the caller holds them nowhere else.
    /// </summary>
    private static Tensor Kept(Tensor result, Tensor input, Tensor? other = null)
    {
        GC.KeepAlive(input);
        GC.KeepAlive(other);
        return result;
    }
}
