using System.Buffers.Binary;

namespace DeepColor.Tests.Imaging;

/// <summary>
/// Writes small uncompressed TIFF files tag by tag, for the variants ImageMagick will not write on request
/// (1-bit, CMYK, premultiplied alpha, orientation) and for broken or unsupported headers.
/// </summary>
internal sealed class TiffBuilder
{
    private readonly SortedDictionary<ushort, (ushort Type, uint[] Values)> _tags = new();
    private readonly byte[] _data;

    public TiffBuilder(int width, int height, int bitsPerSample, int samplesPerPixel, int photometric, byte[] data)
    {
        _data = data;
        Short(256, (uint)width).Short(257, (uint)height);
        Short(258, Enumerable.Repeat((uint)bitsPerSample, samplesPerPixel).ToArray());
        Short(259, 1).Short(262, (uint)photometric).Short(277, (uint)samplesPerPixel).Long(278, (uint)height);
        Long(279, (uint)data.Length);
    }

    public bool BigEndian { get; init; }

    public bool DirectoryFirst { get; init; }

    public TiffBuilder Short(ushort tag, params uint[] values)
    {
        _tags[tag] = (3, values);
        return this;
    }

    public TiffBuilder Long(ushort tag, params uint[] values)
    {
        _tags[tag] = (4, values);
        return this;
    }

    public TiffBuilder Remove(ushort tag)
    {
        _tags.Remove(tag);
        return this;
    }

    /// <summary>
    /// Header, then the pixel data and the directory after it (as libtiff writes), or with
    /// <see cref="DirectoryFirst"/> the directory first, so that a file cut short loses pixels, not tags.
    /// </summary>
    public byte[] Build()
    {
        _tags[273] = (4, [0]); // placeholder, so that the entry count is known
        int entriesBytes = 2 + 12 * _tags.Count + 4;
        int extraBytes = _tags.Values.Sum(t => t.Values.Length * (t.Type == 3 ? 2 : 4) is var n && n > 4 ? n : 0);
        int dataAt = DirectoryFirst ? 8 + entriesBytes + extraBytes : 8;
        int ifdAt = DirectoryFirst ? 8 : 8 + _data.Length + (_data.Length & 1);
        _tags[273] = (4, [(uint)dataAt]);

        var directory = new List<byte>(U16((ushort)_tags.Count));
        var extra = new List<byte>();
        foreach (var (tag, (type, values)) in _tags)
        {
            directory.AddRange(U16(tag));
            directory.AddRange(U16(type));
            directory.AddRange(U32((uint)values.Length));
            var packed = values.SelectMany(v => type == 3 ? U16((ushort)v) : U32(v)).ToArray();
            if (packed.Length <= 4)
            {
                directory.AddRange(packed);
                directory.AddRange(new byte[4 - packed.Length]);
            }
            else
            {
                directory.AddRange(U32((uint)(ifdAt + entriesBytes + extra.Count)));
                extra.AddRange(packed);
            }
        }
        directory.AddRange(U32(0));
        directory.AddRange(extra);

        var file = new List<byte>(BigEndian ? "MM\0*"u8.ToArray() : "II*\0"u8.ToArray());
        file.AddRange(U32((uint)ifdAt));
        if (DirectoryFirst)
        {
            file.AddRange(directory);
            file.AddRange(_data);
        }
        else
        {
            file.AddRange(_data);
            if ((_data.Length & 1) == 1) file.Add(0);
            file.AddRange(directory);
        }
        return file.ToArray();
    }

    private byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    private byte[] U32(uint v)
    {
        var b = new byte[4];
        if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }
}
