namespace DeepColor.Imaging.Tiff;

/// <summary>
/// TIFF's LZW (compression 5): codes of 9 to 12 bits, most significant bit first, 256 = clear,
/// 257 = end. Unlike GIF, the code width grows one code early (at 511, 1023 and 2047 entries),
/// which is what TIFF 6.0 writers do.
/// </summary>
internal static class TiffLzw
{
    private const int Clear = 256, End = 257, FirstFree = 258, MaxCodes = 4096;

    /// <summary>Decodes into <paramref name="output"/> and returns how many bytes were written; stops when it is full.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var prefix = new short[MaxCodes];
        var suffix = new byte[MaxCodes];
        var first = new byte[MaxCodes];
        var length = new int[MaxCodes];
        for (int i = 0; i < 256; i++)
        {
            prefix[i] = -1;
            suffix[i] = first[i] = (byte)i;
            length[i] = 1;
        }

        int next = FirstFree, width = 9, old = -1, written = 0;
        long bitPos = 0, bitEnd = (long)input.Length * 8;
        while (written < output.Length && bitPos + width <= bitEnd)
        {
            int code = ReadCode(input, bitPos, width);
            bitPos += width;
            if (code == End) break;
            if (code == Clear)
            {
                next = FirstFree;
                width = 9;
                old = -1;
                continue;
            }
            if (old < 0)
            {
                if (code > 255) throw TiffException.Corrupt("LZW stream starts with a multi-byte code");
                output[written++] = (byte)code;
                old = code;
                continue;
            }

            byte head;
            if (code < next)
            {
                head = first[code];
                written += Emit(code, prefix, suffix, length, output[written..]);
            }
            else if (code == next)
            {
                // The KwKwK case: the new string is the previous one plus its own first byte.
                head = first[old];
                int n = Emit(old, prefix, suffix, length, output[written..]);
                written += n;
                if (written < output.Length) output[written++] = head;
            }
            else
            {
                throw TiffException.Corrupt($"LZW code {code} before it was defined");
            }

            if (next < MaxCodes)
            {
                prefix[next] = (short)old;
                suffix[next] = head;
                first[next] = first[old];
                length[next] = length[old] + 1;
                next++;
                width = next switch { >= 2047 => 12, >= 1023 => 11, >= 511 => 10, _ => 9 };
            }
            old = code;
        }
        return written;
    }

    private static int ReadCode(ReadOnlySpan<byte> input, long bitPos, int width)
    {
        int byteAt = (int)(bitPos >> 3);
        // Three bytes always hold a 12-bit code that starts anywhere in the first one.
        int window = input[byteAt] << 16;
        if (byteAt + 1 < input.Length) window |= input[byteAt + 1] << 8;
        if (byteAt + 2 < input.Length) window |= input[byteAt + 2];
        int shift = 24 - (int)(bitPos & 7) - width;
        return (window >> shift) & ((1 << width) - 1);
    }

    /// <summary>Writes the string of <paramref name="code"/>, clipped to the space left, and returns the bytes written.</summary>
    private static int Emit(int code, short[] prefix, byte[] suffix, int[] length, Span<byte> dest)
    {
        int n = length[code];
        int c = code;
        // Walk from the string's last byte back to its first, dropping bytes that do not fit.
        for (int i = n - 1; i >= 0; i--)
        {
            if (i < dest.Length) dest[i] = suffix[c];
            c = prefix[c];
        }
        return Math.Min(n, dest.Length);
    }
}
