using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// Writes the new objects of one checkpoint as one git pack (version 2, every object whole, no deltas) with its version 2
/// index, as git's <c>gitformat-pack</c> describes them: the pack is streamed to a temporary file in <c>objects/pack</c>,
/// then the pack and its index are renamed to <c>pack-&lt;checksum&gt;.pack</c> and <c>.idx</c>, the index last (git looks
/// for packs through their index, so a pack is never seen half written). Two files per checkpoint instead of a folder and
/// a file per object.
/// </summary>
internal sealed class GitPackWriter(string packFolder) : IDisposable
{
    private static readonly Comparer<byte[]> IdOrder = Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y));
    private readonly List<(byte[] Id, long Offset, uint Crc)> _entries = [];
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private FileStream? _file;
    private string? _temporary;

    /// <summary>The first four bytes of a version 2 pack index.</summary>
    public static ReadOnlySpan<byte> IndexMagic => [0xFF, (byte)'t', (byte)'O', (byte)'c'];

    /// <summary>How many objects were added.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether the object was added.</summary>
    public bool Contains(string hexId) => _offsets.ContainsKey(hexId);

    /// <summary>The name of a pack object type (1 to 4), or null for the delta types and unknown codes.</summary>
    public static string? TypeName(int code) => code switch
    {
        1 => "commit",
        2 => "tree",
        3 => "blob",
        4 => "tag",
        _ => null,
    };

    /// <summary>Appends an object (once; a second add of the same id is ignored).</summary>
    public void Add(byte[] id, string type, ReadOnlySpan<byte> content)
    {
        var hex = Convert.ToHexStringLower(id);
        if (_offsets.ContainsKey(hex))
        {
            return;
        }

        if (_file is null)
        {
            _temporary = Path.Combine(packFolder, $"tmp_pack_{Guid.NewGuid():N}");
            _file = new FileStream(_temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 4096);
            // The header is written when the count is known.
            _file.Write(new byte[12]);
        }

        Span<byte> header = stackalloc byte[16];
        var length = 0;
        var size = (ulong)content.Length;
        var code = type switch
        {
            "commit" => 1,
            "tree" => 2,
            "blob" => 3,
            "tag" => 4,
            _ => throw new ArgumentException($"'{type}' is not a git object type.", nameof(type)),
        };
        var first = (byte)((code << 4) | (int)(size & 0x0F));
        size >>= 4;
        header[length++] = (byte)(first | (size != 0 ? 0x80 : 0));
        while (size != 0)
        {
            var next = (byte)(size & 0x7F);
            size >>= 7;
            header[length++] = (byte)(next | (size != 0 ? 0x80 : 0));
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(content);
        }

        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        var offset = _file.Position;
        _file.Write(header[..length]);
        _file.Write(data);
        _entries.Add((id, offset, Crc32Of(header[..length], data)));
        _offsets[hex] = offset;
    }

    /// <summary>An added object, read back from the pack being written; null when it was not added.</summary>
    public (string Type, byte[] Content)? TryRead(string hexId)
    {
        if (_file is null || !_offsets.TryGetValue(hexId, out var offset))
        {
            return null;
        }

        var end = _file.Position;
        _file.Position = offset;
        try
        {
            return GitPack.ReadEntry(_file);
        }
        finally
        {
            _file.Position = end;
        }
    }

    /// <summary>Completes the pack and its index and puts them in place; returns the index path, or null when nothing was added.</summary>
    public string? Finish()
    {
        if (_file is null || _temporary is null)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[12];
        "PACK"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], (uint)_entries.Count);
        _file.Position = 0;
        _file.Write(header);
        _file.Position = 0;
        var checksum = SHA1.HashData(_file);
        _file.Position = _file.Length;
        _file.Write(checksum);
        _file.Dispose();
        _file = null;

        var name = "pack-" + Convert.ToHexStringLower(checksum);
        var pack = Path.Combine(packFolder, name + ".pack");
        var index = Path.Combine(packFolder, name + ".idx");
        if (File.Exists(index))
        {
            // The same objects in the same order: already in place.
            File.Delete(_temporary);
            _temporary = null;
            return index;
        }

        File.Move(_temporary, pack, overwrite: true);
        _temporary = null;
        var temporaryIndex = Path.Combine(packFolder, $"tmp_idx_{Guid.NewGuid():N}");
        File.WriteAllBytes(temporaryIndex, Index(checksum));
        File.Move(temporaryIndex, index, overwrite: true);
        return index;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        if (_temporary is not null)
        {
            File.Delete(_temporary);
            _temporary = null;
        }
    }

    /// <summary>The version 2 index: magic and version, fan-out, sorted names, CRCs, offsets (large ones apart), the pack's checksum, its own.</summary>
    private byte[] Index(byte[] packChecksum)
    {
        var sorted = _entries.OrderBy(e => e.Id, IdOrder).ToList();
        var large = sorted.Count(e => e.Offset > int.MaxValue);
        var count = sorted.Count;
        var bytes = new byte[8 + (256 * 4) + (count * 28) + (large * 8) + 40];
        IndexMagic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 2);
        var at = 8;
        var cumulative = 0;
        for (var b = 0; b < 256; b++)
        {
            while (cumulative < count && sorted[cumulative].Id[0] == b)
            {
                cumulative++;
            }

            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + (b * 4)), (uint)cumulative);
        }

        at += 256 * 4;
        foreach (var entry in sorted)
        {
            entry.Id.CopyTo(bytes, at);
            at += 20;
        }

        foreach (var entry in sorted)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), entry.Crc);
            at += 4;
        }

        var largeAt = at + (count * 4);
        var largeIndex = 0u;
        foreach (var entry in sorted)
        {
            if (entry.Offset > int.MaxValue)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), 0x80000000 | largeIndex);
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(largeAt + ((int)largeIndex * 8)), (ulong)entry.Offset);
                largeIndex++;
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)entry.Offset);
            }

            at += 4;
        }

        at = largeAt + (large * 8);
        packChecksum.CopyTo(bytes, at);
        SHA1.HashData(bytes.AsSpan(0, at + 20), bytes.AsSpan(at + 20));
        return bytes;
    }

    /// <summary>The CRC-32 (zlib's) of a packed object's header and compressed data, which the pack index keeps.</summary>
    private static uint Crc32Of(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(header);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}
