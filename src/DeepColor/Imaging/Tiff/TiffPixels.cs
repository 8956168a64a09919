namespace DeepColor.Imaging.Tiff;

/// <summary>
/// Turns a TIFF image's expanded samples into 8-bit RGBA: grey (either polarity), palette, RGB and
/// CMYK at 1 to 16 bits, with an alpha channel where ExtraSamples declares one. 16-bit values are
/// rounded to 8 bits, as the rest of DeepColor works in 8-bit sRGB.
/// </summary>
internal static class TiffPixels
{
    public const int WhiteIsZero = 0, BlackIsZero = 1, Rgb = 2, Palette = 3, Separated = 5;

    /// <summary>How many samples carry colour for a photometric interpretation; the next one may be alpha.</summary>
    public static int ColourSamples(int photometric) => photometric switch
    {
        WhiteIsZero or BlackIsZero or Palette => 1,
        Rgb => 3,
        Separated => 4,
        _ => throw TiffException.Unsupported(photometric switch
        {
            4 => "a transparency mask",
            6 => "YCbCr colour",
            8 or 9 or 10 => "CIE Lab colour",
            32844 or 32845 => "LogLuv colour",
            _ => $"photometric interpretation {photometric}",
        }),
    };

    /// <summary>Rejects the bit depths each interpretation cannot have (or that this reader does not read).</summary>
    public static void CheckDepth(TiffDirectory d)
    {
        int colour = ColourSamples(d.Photometric);
        if (d.SamplesPerPixel < colour)
            throw TiffException.Corrupt($"{d.SamplesPerPixel} samples per pixel for a {colour}-sample colour space");
        bool ok = d.Photometric switch
        {
            WhiteIsZero or BlackIsZero => d.BitsPerSample is 1 or 2 or 4 or 8 or 16,
            Palette => d.BitsPerSample is 1 or 2 or 4 or 8,
            _ => d.BitsPerSample is 8 or 16,
        };
        if (!ok) throw TiffException.Unsupported($"{d.BitsPerSample}-bit samples for photometric interpretation {d.Photometric}");
        if (d.Photometric == Palette && (d.ColorMap is null || d.ColorMap.Length < 3 << d.BitsPerSample))
            throw TiffException.Corrupt("palette image without a full colour map");
    }

    /// <summary>
    /// Converts the image. <paramref name="planes"/> holds one buffer of rows (chunky) or one per sample
    /// (planar), each row <paramref name="rowBytes"/> long.
    /// </summary>
    public static byte[] ToRgba(TiffDirectory d, byte[][] planes, int rowBytes)
    {
        int w = d.Width, spp = d.SamplesPerPixel, bps = d.BitsPerSample;
        int colour = ColourSamples(d.Photometric);
        bool alpha = spp > colour && d.ExtraSample is 1 or 2;
        bool premultiplied = alpha && d.ExtraSample == 1;
        var lut = ScaleTable(bps);
        var rgba = new byte[(long)w * d.Height * 4];
        var samples = new ushort[w * spp];

        for (int y = 0; y < d.Height; y++)
        {
            if (d.Planar)
                for (int s = 0; s < spp; s++)
                    Unpack(planes[s].AsSpan(y * rowBytes, rowBytes), w, bps, d.BigEndian, samples, s, spp);
            else
                Unpack(planes[0].AsSpan(y * rowBytes, rowBytes), w * spp, bps, d.BigEndian, samples, 0, 1);

            var row = rgba.AsSpan(y * w * 4, w * 4);
            for (int x = 0; x < w; x++)
            {
                int i = x * spp, o = x * 4;
                byte r, g, b;
                switch (d.Photometric)
                {
                    case WhiteIsZero:
                        r = g = b = (byte)(255 - lut[samples[i]]);
                        break;
                    case BlackIsZero:
                        r = g = b = lut[samples[i]];
                        break;
                    case Palette:
                        int n = 1 << bps, k = samples[i];
                        r = Narrow16(d.ColorMap![k]);
                        g = Narrow16(d.ColorMap[n + k]);
                        b = Narrow16(d.ColorMap[2 * n + k]);
                        break;
                    case Rgb:
                        r = lut[samples[i]];
                        g = lut[samples[i + 1]];
                        b = lut[samples[i + 2]];
                        break;
                    default:
                        // Naive CMYK → RGB without an ink profile, as Skia does for CMYK JPEGs without one.
                        int c = lut[samples[i]], m = lut[samples[i + 1]], ye = lut[samples[i + 2]], kk = lut[samples[i + 3]];
                        r = (byte)((255 - c) * (255 - kk) / 255);
                        g = (byte)((255 - m) * (255 - kk) / 255);
                        b = (byte)((255 - ye) * (255 - kk) / 255);
                        break;
                }
                byte a = alpha ? lut[samples[i + colour]] : (byte)255;
                if (premultiplied && a < 255)
                {
                    r = Unpremultiply(r, a);
                    g = Unpremultiply(g, a);
                    b = Unpremultiply(b, a);
                }
                row[o] = r;
                row[o + 1] = g;
                row[o + 2] = b;
                row[o + 3] = a;
            }
        }
        return rgba;
    }

    /// <summary>Reads <paramref name="count"/> samples of <paramref name="bps"/> bits into every <paramref name="stride"/>-th slot from <paramref name="start"/>.</summary>
    internal static void Unpack(ReadOnlySpan<byte> row, int count, int bps, bool bigEndian, Span<ushort> dest, int start, int stride)
    {
        switch (bps)
        {
            case 8:
                for (int i = 0; i < count; i++) dest[start + i * stride] = row[i];
                break;
            case 16:
                for (int i = 0; i < count; i++)
                {
                    byte b0 = row[2 * i], b1 = row[2 * i + 1];
                    dest[start + i * stride] = (ushort)(bigEndian ? b0 << 8 | b1 : b1 << 8 | b0);
                }
                break;
            default:
                // Sub-byte samples are packed from the most significant bit down.
                int mask = (1 << bps) - 1;
                for (int i = 0; i < count; i++)
                {
                    int bit = i * bps;
                    dest[start + i * stride] = (ushort)((row[bit >> 3] >> (8 - bps - (bit & 7))) & mask);
                }
                break;
        }
    }

    /// <summary>Maps every value of a <paramref name="bps"/>-bit sample to 0–255, rounding to nearest.</summary>
    private static byte[] ScaleTable(int bps)
    {
        int max = (1 << bps) - 1;
        var table = new byte[max + 1];
        for (int v = 0; v <= max; v++) table[v] = (byte)((v * 255L + max / 2) / max);
        return table;
    }

    private static byte Narrow16(ushort v) => (byte)((v * 255 + 32767) / 65535);

    private static byte Unpremultiply(byte c, byte a) => a == 0 ? (byte)0 : (byte)Math.Min(255, (c * 255 + a / 2) / a);
}
