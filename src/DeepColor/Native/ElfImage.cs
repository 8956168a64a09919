using System.Buffers.Binary;
using System.Text;

namespace DeepColor.Native;

/// <summary>
/// A minimal reader for 64-bit little-endian ELF shared objects: just enough of the section
/// table, the dynamic symbols and the GNU symbol-versioning sections to reason about which
/// library versions an object needs. The bytes are held in memory so that a patch can be
/// applied and written elsewhere; the source file is never modified.
/// </summary>
internal sealed class ElfImage
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    /// <summary>Flag bit in <c>vna_flags</c> that makes a missing version a warning, not a load failure.</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections = new();

    private readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link, ulong EntSize);

    /// <summary>One <c>Vernaux</c> entry: a version an object needs from one of its dependencies.</summary>
    public readonly record struct VersionNeed(string File, string Name, ushort Flags, ushort Index, int FlagsOffset);

    /// <summary>One dynamic symbol with its version index (from <c>.gnu.version</c>).</summary>
    public readonly record struct DynamicSymbol(string Name, ushort VersionIndex, bool IsDefined);

    public ElfImage(byte[] bytes, string path)
    {
        _bytes = bytes;
        Path = path;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported");

        ulong shoff = U64(0x28);
        ushort shentsize = U16(0x3A);
        ushort shnum = U16(0x3C);
        if (shoff == 0 || shentsize < 64 || shoff + (ulong)shentsize * shnum > (ulong)bytes.Length)
            throw new InvalidDataException($"{path}: section header table is missing or truncated");
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)(shoff + (ulong)(i * shentsize)));
            var s = new Section(U32(h + 4), U64(h + 0x18), U64(h + 0x20), U32(h + 0x28), U64(h + 0x38));
            if (s.Type != 8 /* NOBITS */ && s.Offset + s.Size > (ulong)bytes.Length)
                throw new InvalidDataException($"{path}: section {i} lies outside the file");
            _sections.Add(s);
        }
    }

    public string Path { get; }

    public static ElfImage Read(string path) => new(File.ReadAllBytes(path), path);

    /// <summary>The raw bytes, including any patch applied through <see cref="SetVersionNeedFlags"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Every version this object requires, from <c>.gnu.version_r</c>.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[(int)sec.Link];
            int vn = (int)sec.Offset;
            while (true)
            {
                ushort cnt = U16(vn + 2);
                string file = Str(strtab, U32(vn + 4));
                int aux = vn + (int)U32(vn + 8);
                for (int i = 0; i < cnt; i++)
                {
                    ushort flags = U16(aux + 4);
                    ushort other = U16(aux + 6);
                    string name = Str(strtab, U32(aux + 8));
                    result.Add(new VersionNeed(file, name, flags, other, aux + 4));
                    uint next = U32(aux + 12);
                    if (next == 0) break;
                    aux += (int)next;
                }
                uint vnNext = U32(vn + 12);
                if (vnNext == 0) break;
                vn += (int)vnNext;
            }
        }
        return result;
    }

    /// <summary>Every version this object defines, from <c>.gnu.version_d</c> (e.g. GLIBCXX_3.4.30 in libstdc++).</summary>
    public IReadOnlySet<string> VersionDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = _sections[(int)sec.Link];
            int vd = (int)sec.Offset;
            while (true)
            {
                ushort cnt = U16(vd + 6);
                int aux = vd + (int)U32(vd + 12);
                // The first Verdaux names the version itself; the rest name its parents.
                if (cnt > 0) result.Add(Str(strtab, U32(aux)));
                uint next = U32(vd + 16);
                if (next == 0) break;
                vd += (int)next;
            }
        }
        return result;
    }

    /// <summary>The dynamic symbols with their version indices.</summary>
    public IReadOnlyList<DynamicSymbol> DynamicSymbols()
    {
        var result = new List<DynamicSymbol>();
        var dynsym = _sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (dynsym.Size == 0) return result;
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var strtab = _sections[(int)dynsym.Link];
        ulong entsize = dynsym.EntSize == 0 ? 24 : dynsym.EntSize;
        int count = (int)(dynsym.Size / entsize);
        for (int i = 0; i < count; i++)
        {
            int e = (int)(dynsym.Offset + (ulong)i * entsize);
            string name = Str(strtab, U32(e));
            ushort shndx = U16(e + 6);
            ushort ver = versym.Size == 0 ? (ushort)0 : (ushort)(U16((int)versym.Offset + i * 2) & 0x7fff);
            result.Add(new DynamicSymbol(name, ver, shndx != 0));
        }
        return result;
    }

    /// <summary>Rewrites the <c>vna_flags</c> field of one version need, in the in-memory copy only.</summary>
    public void SetVersionNeedFlags(VersionNeed need, ushort flags) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(need.FlagsOffset, 2), flags);

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(at, 2));
    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at, 4));
    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(at, 8));

    private string Str(Section strtab, uint offset)
    {
        int start = checked((int)(strtab.Offset + offset));
        int end = _bytes.AsSpan(start).IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException($"{Path}: unterminated string in string table");
        return Encoding.ASCII.GetString(_bytes, start, end);
    }
}
