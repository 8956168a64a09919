using System.Buffers.Binary;

namespace DeepColor.Imaging;

/// <summary>Reads and writes integers in a TIFF-style file's own byte order ("II" little-endian or "MM" big-endian).</summary>
internal readonly record struct ByteOrder(bool BigEndian)
{
    public ushort U16(ReadOnlySpan<byte> b, long at) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[(int)at..]);

    public uint U32(ReadOnlySpan<byte> b, long at) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[(int)at..]);

    public void W16(Span<byte> b, long at, ushort v)
    {
        if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b[(int)at..], v); else BinaryPrimitives.WriteUInt16LittleEndian(b[(int)at..], v);
    }

    public void W32(Span<byte> b, long at, uint v)
    {
        if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b[(int)at..], v); else BinaryPrimitives.WriteUInt32LittleEndian(b[(int)at..], v);
    }
}
