using BenchmarkDotNet.Running;
using DeepColor.Bench;

if (args.Contains("--quick-lab"))
{
    QuickLab.Run(Console.Out, args.Contains("--no-scalar") ? false : true);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(QuickLab).Assembly).Run(args);
