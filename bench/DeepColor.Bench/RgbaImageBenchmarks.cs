using BenchmarkDotNet.Attributes;
using DeepColor.Imaging;
using SkiaSharp;

namespace DeepColor.Bench;

/// <summary>
/// Packing and unpacking whole 24 MP RGBA images: to and from planar Lab (with alpha copy),
/// to and from SKBitmap, the grey check (worst case: a grey image is scanned to the end) and EXIF rotation.
/// </summary>
// Not sealed: BenchmarkDotNet runs a generated subclass.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class RgbaImageBenchmarks
{
    private RgbaImage _image = null!;
    private RgbaImage _grey = null!;
    private LabImage _lab = null!;
    private SKBitmap _bitmap = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = BenchImages.Photo(BenchImages.Width24Mp, BenchImages.Height24Mp);
        _lab = LabImage.FromRgba(_image);
        _bitmap = _image.ToSKBitmap();
        _grey = new RgbaImage(_image.Width, _image.Height);
        var px = _grey.Pixels;
        for (int i = 0; i < px.Length; i += 4)
        {
            byte v = _image.Pixels[i + 1];
            px[i] = px[i + 1] = px[i + 2] = v;
            px[i + 3] = 255;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _bitmap.Dispose();

    [Benchmark]
    public LabImage ToLabImage() => LabImage.FromRgba(_image);

    [Benchmark]
    public RgbaImage FromLabImage() => _lab.ToRgba(_image);

    [Benchmark]
    public void ToSKBitmap()
    {
        using var bitmap = _image.ToSKBitmap();
    }

    [Benchmark]
    public RgbaImage FromSKBitmap() => RgbaImageSkia.FromSKBitmap(_bitmap);

    [Benchmark]
    public bool IsGrayscaleFullScan() => GrayscaleDetector.IsGrayscale(_grey, tolerance: 2);

    [Benchmark]
    public int RotateQuarterTurn() => Orientation.Apply(_image.Pixels, _image.Width, _image.Height, SKEncodedOrigin.RightTop).Width;
}
