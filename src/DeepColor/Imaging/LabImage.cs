using DeepColor.Color;

namespace DeepColor.Imaging;

/// <summary>An image as planar CIE Lab floats (L* 0–100, a*/b* unscaled).</summary>
public sealed class LabImage
{
    public LabImage(int width, int height)
    {
        Width = width;
        Height = height;
        L = new float[width * height];
        A = new float[width * height];
        B = new float[width * height];
    }

    public int Width { get; }
    public int Height { get; }
    public float[] L { get; }
    public float[] A { get; }
    public float[] B { get; }

    /// <summary>Converts an RGBA image (alpha ignored).</summary>
    public static LabImage FromRgba(RgbaImage image)
    {
        var lab = new LabImage(image.Width, image.Height);
        LabConverter.RgbToLab(image.Pixels, 4, lab.L, lab.A, lab.B);
        return lab;
    }

    /// <summary>Converts back to RGBA; alpha is copied from <paramref name="alphaSource"/> when given, else opaque.</summary>
    public RgbaImage ToRgba(RgbaImage? alphaSource = null)
    {
        bool keepAlpha = alphaSource is not null && alphaSource.HasAlpha;
        if (keepAlpha && (alphaSource!.Width != Width || alphaSource.Height != Height))
            throw new ArgumentException($"alpha source is {alphaSource.Width}×{alphaSource.Height}, image is {Width}×{Height}", nameof(alphaSource));
        var output = new RgbaImage(Width, Height, hasAlpha: keepAlpha);
        // The conversion writes only R, G and B, so alpha is laid down first with a bulk copy or fill.
        if (keepAlpha)
            alphaSource!.Pixels.AsSpan().CopyTo(output.Pixels);
        else
            output.Pixels.AsSpan().Fill(255);
        LabConverter.LabToRgb(L, A, B, output.Pixels, 4);
        return output;
    }
}
