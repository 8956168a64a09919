using System.IO.Compression;

namespace DeepColor.Imaging.Tiff;

/// <summary>Expands one strip or tile according to the file's compression tag.</summary>
internal static class TiffDecompressor
{
    public const int None = 1, Lzw = 5, Deflate = 8, AdobeDeflate = 32946, PackBits = 32773;

    /// <summary>The compressions this reader cannot expand, named for the error message.</summary>
    public static string? UnsupportedName(int compression) => compression switch
    {
        None or Lzw or Deflate or AdobeDeflate or PackBits => null,
        2 or 3 or 4 => "CCITT fax compression",
        6 or 7 => "JPEG compression inside TIFF",
        34712 => "JPEG 2000 compression inside TIFF",
        50000 => "Zstandard compression",
        34925 => "LZMA compression",
        50001 => "WebP compression inside TIFF",
        _ => $"compression {compression}",
    };

    /// <summary>
    /// Fills <paramref name="output"/> from <paramref name="input"/>; returns false when the data ends
    /// first, which means the file was cut short.
    /// </summary>
    public static bool Expand(int compression, ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = compression switch
        {
            None => CopyRaw(input, output),
            Lzw => TiffLzw.Decode(input, output),
            Deflate or AdobeDeflate => Inflate(input, output),
            PackBits => UnpackBits(input, output),
            _ => throw TiffException.Unsupported(UnsupportedName(compression)!),
        };
        return written == output.Length;
    }

    private static int CopyRaw(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = Math.Min(input.Length, output.Length);
        input[..n].CopyTo(output);
        return n;
    }

    /// <summary>PackBits run-length coding: a signed count byte, then a literal run or one byte to repeat.</summary>
    private static int UnpackBits(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0, o = 0;
        while (o < output.Length && i < input.Length)
        {
            int n = (sbyte)input[i++];
            if (n >= 0)
            {
                int run = Math.Min(n + 1, Math.Min(output.Length - o, input.Length - i));
                input.Slice(i, run).CopyTo(output[o..]);
                i += n + 1;
                o += run;
            }
            else if (n != -128 && i < input.Length)
            {
                int run = Math.Min(1 - n, output.Length - o);
                output.Slice(o, run).Fill(input[i++]);
                o += run;
            }
        }
        return o;
    }

    private static unsafe int Inflate(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) return 0; // an empty span pins to a null pointer, which the stream refuses
        fixed (byte* p = input)
        {
            using var source = new UnmanagedMemoryStream(p, input.Length);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            int o = 0;
            try
            {
                while (o < output.Length)
                {
                    int n = zlib.Read(output[o..]);
                    if (n == 0) break;
                    o += n;
                }
            }
            catch (InvalidDataException e)
            {
                throw TiffException.Corrupt("Deflate stream: " + e.Message);
            }
            return o;
        }
    }
}
