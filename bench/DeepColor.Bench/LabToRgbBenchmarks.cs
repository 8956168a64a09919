using BenchmarkDotNet.Attributes;
using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Bench;

/// <summary>Whole-image Lab → sRGB at 24 MP: scalar loop, 8-bit batch path, and the planar float variant.</summary>
// Not sealed: BenchmarkDotNet runs a generated subclass.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class LabToRgbBenchmarks
{
    private LabImage _lab = null!;
    private byte[] _rgba = null!;
    private float[] _r = null!, _g = null!, _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        var image = BenchImages.Photo(BenchImages.Width24Mp, BenchImages.Height24Mp);
        _lab = LabImage.FromRgba(image);
        _rgba = new byte[image.Pixels.Length];
        _r = new float[image.PixelCount];
        _g = new float[image.PixelCount];
        _b = new float[image.PixelCount];
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => LabConverter.LabToRgbScalar(_lab.L, _lab.A, _lab.B, _rgba, 4);

    [Benchmark]
    public void Batch() => LabConverter.LabToRgb(_lab.L, _lab.A, _lab.B, _rgba, 4);

    [Benchmark]
    public void BatchSingleThread() => LabKernels.LabToRgb(_lab.L, _lab.A, _lab.B, _rgba, 4);

    [Benchmark]
    public void BatchFloat() => LabConverter.LabToRgbFloat(_lab.L, _lab.A, _lab.B, _r, _g, _b);
}
