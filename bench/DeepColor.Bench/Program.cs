using BenchmarkDotNet.Running;
using DeepColor.Bench;

if (args.Contains("--quick-lab"))
{
    QuickLab.Run(Console.Out, includeScalar: !args.Contains("--no-scalar"));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(QuickLab).Assembly).Run(args);
