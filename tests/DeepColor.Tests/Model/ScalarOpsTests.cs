using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using DeepColor.Model;
using DeepColor.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

public sealed class ScalarOpsTests
{
    public ScalarOpsTests() => TorchNative.EnsureLoadable();

    /// <summary>Each helper next to the TorchSharp expression it replaces, applied to x (and y).</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor, Tensor> Helper, Func<Tensor, Tensor, Tensor> Plain)> Pairs = new()
    {
        ["x + y"] = ((x, y) => x.Plus(y), (x, y) => x + y),
        ["x + 1e-6"] = ((x, _) => x.Plus(1e-6), (x, _) => x + 1e-6),
        ["0.7 * x"] = ((x, _) => x.Times(0.7), (x, _) => 0.7 * x),
        ["x * 1.3f"] = ((x, _) => x.Times(1.3f), (x, _) => x * 1.3f),
        ["2 * x"] = ((x, _) => x.Times(2), (x, _) => 2 * x),
        ["x / 0.38f"] = ((x, _) => x.DividedBy(0.38f), (x, _) => x / 0.38f),
        ["x / 3"] = ((x, _) => x.DividedBy(3), (x, _) => x / 3),
        ["x.pow(2)"] = ((x, _) => x.Power(2), (x, _) => x.pow(2)),
        ["|x|.pow(0.6f)"] = ((x, _) => x.abs().Power(0.6f), (x, _) => x.abs().pow(0.6f)),
        ["x.clamp_min(0.15f)"] = ((x, _) => x.ClampMin(0.15f), (x, _) => x.clamp_min(0.15f)),
        ["x.clamp_min(0)"] = ((x, _) => x.ClampMin(0), (x, _) => x.clamp_min(0)),
        ["x.clamp(-1, 1)"] = ((x, _) => x.ClampTo(-1, 1), (x, _) => x.clamp(-1, 1)),
        ["x.ge(0)"] = ((x, _) => x.GreaterOrEqual(0), (x, _) => x.ge(0)),
        ["x.add_(y)"] = ((x, y) => x.clone().PlusInPlace(y), (x, y) => x.clone().add_(y)),
        ["x.mul_(0.3)"] = ((x, _) => x.clone().TimesInPlace(0.3), (x, _) => x.clone().mul_(0.3)),
        ["x.add_(1e-8)"] = ((x, _) => x.clone().PlusInPlace(1e-8), (x, _) => x.clone().add_(1e-8)),
        ["x.add_(y, 0.1)"] = ((x, y) => x.clone().PlusScaledInPlace(y, 0.1), (x, y) => x.clone().add_(y, 0.1)),
        ["x.addcmul_(y, y, 0.001)"] = ((x, y) => x.clone().PlusProductInPlace(y, y, 0.001), (x, y) => x.clone().addcmul_(y, y, 0.001)),
        ["x.addcdiv_(y, |y|+1, -0.01)"] = ((x, y) => x.clone().PlusQuotientInPlace(y, y.abs() + 1, -0.01), (x, y) => x.clone().addcdiv_(y, y.abs() + 1, -0.01)),
    };

    public static TheoryData<string, ScalarType> Cases()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (var name in Pairs.Keys)
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float16, ScalarType.Float64, ScalarType.Int64 })
        {
            // pow with a fractional exponent and in-place scaling by a fraction have no integer form;
            // Adam's in-place steps only ever act on floating-point moments and weights.
            bool fractionalOnly = name is "|x|.pow(0.6f)" or "x.mul_(0.3)" or "x.add_(1e-8)" or "x.add_(y, 0.1)"
                or "x.addcmul_(y, y, 0.001)" or "x.addcdiv_(y, |y|+1, -0.01)";
            if (dtype == ScalarType.Int64 && fractionalOnly) continue;
            data.Add(name, dtype);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_return_exactly_what_the_torchsharp_expression_returns(string expression, ScalarType dtype)
    {
        // Given a small random tensor pair of that dtype, with values spread across clamp and sign boundaries
        using var scope = NewDisposeScope();
        var (x, y) = RandomPair(dtype, seed: expression.Length * 31 + (int)dtype);
        var (helper, plain) = Pairs[expression];

        // When both forms run
        var got = helper(x, y);
        var want = plain(x, y);

        // Then dtype, shape and every byte agree
        Assert.Equal(want.dtype, got.dtype);
        Assert.Equal(want.shape, got.shape);
        Assert.Equal(want.contiguous().bytes.ToArray(), got.contiguous().bytes.ToArray());
    }

    [Fact]
    public void Should_add_indexed_rows_exactly_as_index_add_with_alpha_1()
    {
        using var scope = NewDisposeScope();
        var index = tensor(new long[] { 0, 3, 3, 1, 0, 3 });
        var source = rand(6, dtype: float64);

        var got = zeros(5, dtype: float64).IndexAddInPlace(0, index, source);
        var want = zeros(5, dtype: float64).index_add_(0, index, source, 1);

        Assert.Equal(want.bytes.ToArray(), got.bytes.ToArray());
    }

    [Fact]
    public void Should_change_in_place_helpers_target_and_return_it()
    {
        using var scope = NewDisposeScope();
        var sum = zeros(3, dtype: float64);
        var grads = ones(3);

        Assert.Same(sum, sum.PlusInPlace(ones(3, dtype: float64)));
        Assert.Same(grads, grads.TimesInPlace(0.5));
        Assert.Same(sum, sum.IndexAddInPlace(0, tensor(new long[] { 2 }), ones(1, dtype: float64)));

        Assert.Equal(new[] { 1.0, 1.0, 2.0 }, sum.data<double>().ToArray());
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, grads.data<float>().ToArray());
    }

    [Fact]
    public void Should_give_correct_values_while_another_thread_collects_garbage_and_runs_finalizers()
    {
        // Given a thread that keeps allocating and forcing full collections with finalizers, as the data
        // loader's decoding threads did when a temporary Scalar was freed under libtorch
        using var stop = new CancellationTokenSource();
        int collectionsBefore = GC.CollectionCount(2);
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var garbage = new List<byte[]>();
                for (int i = 0; i < 64; i++) garbage.Add(new byte[1024]);
                GC.KeepAlive(garbage);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();

        // When the helpers run over int64 labels (Scalar::toLong, the path that crashed) and float a*b* for a while
        var labels = new long[] { 3, -1, 0, 7, -1, 2 };
        var ab = new float[] { 0.9f, -0.4f, 0.25f, -1.5f, 0.05f, 1.2f };
        int iterations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            using var scope = NewDisposeScope();
            var l = tensor(labels);
            var a = tensor(ab);
            var counts = zeros(4, dtype: float64).IndexAddInPlace(0, tensor(new long[] { 3, 0, 0, 3, 0, 2 }), ones(6, dtype: float64));

            // Then every result is right, every time
            Assert.Equal(new[] { true, false, true, true, false, true }, l.GreaterOrEqual(0).data<bool>().ToArray());
            Assert.Equal(new long[] { 3, 0, 0, 7, 0, 2 }, l.ClampMin(0).data<long>().ToArray());
            Assert.Equal(new long[] { 6, -2, 0, 14, -2, 4 }, l.Times(2).data<long>().ToArray());
            Assert.Equal(new long[] { 4, 0, 1, 8, 0, 3 }, l.Plus(l.GreaterOrEqual(-5).to_type(int64)).data<long>().ToArray());
            Assert.Equal(new[] { 3.0, 0, 1, 2 }, counts.data<double>().ToArray());
            Assert.Equal(new[] { 0.9f, -0.4f, 0.25f, -1f, 0.05f, 1f }, a.ClampTo(-1, 1).data<float>().ToArray());
            Assert.Equal(ab.Select(v => v * 0.5f + 0.25f).ToArray(), a.Times(0.5).Plus(0.25).data<float>().ToArray());
            Assert.Equal(ab.Select(v => v * v).ToArray(), a.Power(2).data<float>().ToArray());
            iterations++;
        }
        stop.Cancel();
        collector.Join();

        Assert.True(iterations > 10, $"only {iterations} iterations ran");
        Assert.True(GC.CollectionCount(2) - collectionsBefore > 10, "the collector thread barely ran");
    }

    [Fact]
    public void Should_leave_no_library_code_but_ScalarOps_making_or_passing_a_scalar()
    {
        // Given every method of the library and the CLI and the TorchSharp calls it compiles to
        var assemblies = new[] { typeof(ScalarOps).Assembly, typeof(DeepColor.Cli.CliApp).Assembly };
        var makesScalarInside = TorchSharpMethodsThatMakeScalars();

        // When we look for calls that make a Scalar, pass one, or call TorchSharp code that makes one
        // (x * 2, clamp(-1, 1), and a + b, whose alpha of 1 TorchSharp turns into a Scalar)
        var offenders = new List<string>();
        foreach (var type in assemblies.SelectMany(LoadableTypes))
        {
            if (IsWithin(type, typeof(ScalarOps))) continue;
            foreach (var method in MethodsOf(type))
            foreach (var callee in CalledMethods(method))
            {
                if (MakesScalar(callee) || PassesScalar(callee) || makesScalarInside.Contains(callee))
                    offenders.Add($"{type.FullName}.{method.Name} calls {callee.DeclaringType?.Name}.{callee.Name}");
            }
        }

        // Then there are none: each goes through ScalarOps, which frees its Scalar only after the call
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    private static bool MakesScalar(MethodBase m) =>
        m.DeclaringType == typeof(Scalar) && m.Name == "op_Implicit" || m.DeclaringType?.Name == "ScalarExtensionMethods";

    private static bool PassesScalar(MethodBase m) => m.GetParameters().Any(p => p.ParameterType == typeof(Scalar));

    /// <summary>TorchSharp methods that convert a number to a Scalar themselves, and the ones that call those.</summary>
    private static HashSet<MethodBase> TorchSharpMethodsThatMakeScalars()
    {
        var calls = LoadableTypes(typeof(Scalar).Assembly)
            .Where(t => t != typeof(Scalar) && t.Name != "ScalarExtensionMethods")
            .SelectMany(MethodsOf)
            .ToDictionary(m => m, m => CalledMethods(m).ToList());
        var found = calls.Where(kv => kv.Value.Any(MakesScalar)).Select(kv => kv.Key).ToHashSet();
        // Wrappers: operator + → add(Tensor) → add(Tensor, Scalar alpha = 1), and the like.
        for (int depth = 0; depth < 3; depth++)
            found.UnionWith(calls.Where(kv => kv.Value.Any(found.Contains)).Select(kv => kv.Key).ToList());
        return found;
    }

    private static bool IsWithin(Type? type, Type outer)
    {
        for (; type is not null; type = type.DeclaringType)
            if (type == outer) return true;
        return false;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    private static IEnumerable<MethodBase> MethodsOf(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        return type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods a method's IL calls (call, callvirt, newobj, ldftn all carry a method token).</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[] il;
        try { il = method.GetMethodBody()?.GetILAsByteArray() ?? []; }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { yield break; }
        for (int i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += op.Size;
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try
                {
                    var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
                    callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (Exception e) when (e is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException) { }
                if (callee is not null) yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    private static (Tensor X, Tensor Y) RandomPair(ScalarType dtype, int seed)
    {
        using var generator = new Generator((ulong)seed);
        if (dtype == ScalarType.Int64)
            return (randint(-5, 6, [3, 4], dtype: int64, generator: generator), randint(-5, 6, [3, 4], dtype: int64, generator: generator));
        var x = (rand([3, 4], dtype: float64, generator: generator) * 4 - 2).to_type(dtype);
        var y = (rand([3, 4], dtype: float64, generator: generator) * 4 - 2).to_type(dtype);
        return (x, y);
    }
}
