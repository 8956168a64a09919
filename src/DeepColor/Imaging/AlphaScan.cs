using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepColor.Imaging;

/// <summary>Finds whether any pixel of an RGBA buffer is not fully opaque.</summary>
internal static class AlphaScan
{
    /// <summary>True when some alpha byte is below 255; stops at the first one.</summary>
    public static bool AnyTranslucent(ReadOnlySpan<byte> rgba)
    {
        var px = MemoryMarshal.Cast<byte, uint>(rgba);
        const uint alphaMask = 0xFF000000; // little-endian RGBA: alpha is the top byte
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create(alphaMask);
            for (; i <= px.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
                if (!Vector256.EqualsAll(Vector256.Create(px.Slice(i, Vector256<uint>.Count)) & mask, mask))
                    return true;
        }
        for (; i < px.Length; i++)
            if ((px[i] & alphaMask) != alphaMask) return true;
        return false;
    }
}
