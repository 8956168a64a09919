namespace DeepColor.Inference;

/// <summary>
/// Normalised a*b* at render size, as <c>offset + slope · L</c> per pixel where L is normalised lightness
/// (L*/50 − 1). Plain predictions have no slopes; guided upsampling fits them so that the full-resolution
/// L* can shape the colour between render pixels.
/// </summary>
/// <param name="Offsets">Planar a then b, 2 × width × height values.</param>
/// <param name="Slopes">Planar a then b slopes on normalised L, or null when a*b* does not depend on L.</param>
internal sealed record ChromaField(int Width, int Height, float[] Offsets, float[]? Slopes)
{
    public int PlaneLength => Width * Height;

    public static ChromaField Plain(float[] abNorm, int width, int height)
    {
        if (abNorm.Length != 2 * width * height)
            throw new ArgumentException($"expected {2 * width * height} a*b* values for {width}×{height}, got {abNorm.Length}", nameof(abNorm));
        return new ChromaField(width, height, abNorm, null);
    }
}
