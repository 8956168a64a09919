using BenchmarkDotNet.Attributes;
using DeepColor.Color;
using DeepColor.Imaging;

namespace DeepColor.Bench;

/// <summary>Whole-image sRGB → Lab at 24 MP: the per-pixel scalar loop against the vectorised, parallel span path.</summary>
// Not sealed: BenchmarkDotNet runs a generated subclass.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class RgbToLabBenchmarks
{
    private RgbaImage _image = null!;
    private LabImage _lab = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = BenchImages.Photo(BenchImages.Width24Mp, BenchImages.Height24Mp);
        _lab = new LabImage(_image.Width, _image.Height);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => LabConverter.RgbToLabScalar(_image.Pixels, 4, _lab.L, _lab.A, _lab.B);

    [Benchmark]
    public void Batch() => LabConverter.RgbToLab(_image.Pixels, 4, _lab.L, _lab.A, _lab.B);

    /// <summary>One core's share: the vector kernel alone, without the parallel split.</summary>
    [Benchmark]
    public void BatchSingleThread() => LabKernels.RgbToLab(_image.Pixels, 4, _lab.L, _lab.A, _lab.B);
}
