using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// One pack of a git repository (<c>objects/pack/pack-*.pack</c> with its version 2 <c>.idx</c>), read in process: whether
/// it holds an object, and the objects stored whole (git's deltas are left to git: <see cref="TryRead"/> returns null).
/// </summary>
internal sealed class GitPack
{
    private const int FanoutStart = 8;
    private const int NamesStart = FanoutStart + (256 * 4);
    private readonly byte[] _index;
    private readonly int _count;

    private GitPack(string packPath, byte[] index, int count)
    {
        PackPath = packPath;
        _index = index;
        _count = count;
    }

    /// <summary>The <c>.pack</c> file.</summary>
    public string PackPath { get; }

    /// <summary>Opens the pack an index describes; null when the index is not a version 2 index this reads, or its pack is missing.</summary>
    public static GitPack? TryOpen(string indexPath)
    {
        var packPath = Path.ChangeExtension(indexPath, ".pack");
        byte[] index;
        try
        {
            if (!File.Exists(packPath))
            {
                return null;
            }

            index = File.ReadAllBytes(indexPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (index.Length < NamesStart + (2 * SHA1.HashSizeInBytes)
            || !index.AsSpan(0, 4).SequenceEqual(GitPackWriter.IndexMagic)
            || BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(4)) != 2)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(FanoutStart + (255 * 4)));
        // Names, CRCs and 32-bit offsets at least, then the two checksums.
        if (count > (index.Length - NamesStart) / 28)
        {
            return null;
        }

        return new GitPack(packPath, index, (int)count);
    }

    /// <summary>Where the object is in the pack; null when the pack does not hold it.</summary>
    public long? Find(ReadOnlySpan<byte> id)
    {
        var first = id[0];
        var low = first == 0 ? 0 : (int)BinaryPrimitives.ReadUInt32BigEndian(_index.AsSpan(FanoutStart + ((first - 1) * 4)));
        var high = (int)BinaryPrimitives.ReadUInt32BigEndian(_index.AsSpan(FanoutStart + (first * 4)));
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var compared = _index.AsSpan(NamesStart + (middle * 20), 20).SequenceCompareTo(id);
            if (compared == 0)
            {
                return OffsetOf(middle) is >= 0 and var offset ? offset : null;
            }

            if (compared < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return null;
    }

    /// <summary>The type and content of the object at <paramref name="offset"/>; null when it is stored as a delta or cannot be read.</summary>
    public (string Type, byte[] Content)? TryRead(long offset)
    {
        try
        {
            using var file = new FileStream(PackPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            file.Position = offset;
            return ReadEntry(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reads one whole (not deltified) pack entry at the stream's position.</summary>
    internal static (string Type, byte[] Content)? ReadEntry(Stream stream)
    {
        var b = stream.ReadByte();
        if (b < 0)
        {
            return null;
        }

        var type = (b >> 4) & 7;
        var size = (long)(b & 0x0F);
        for (var shift = 4; (b & 0x80) != 0; shift += 7)
        {
            b = stream.ReadByte();
            if (b < 0 || shift > 56)
            {
                return null;
            }

            size |= (long)(b & 0x7F) << shift;
        }

        if (GitPackWriter.TypeName(type) is not { } name || size > int.MaxValue)
        {
            return null;
        }

        var content = new byte[size];
        using var zlib = new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
        zlib.ReadExactly(content);
        return (name, content);
    }

    private long OffsetOf(int position)
    {
        var offsetsStart = NamesStart + (_count * 24);
        var offset = BinaryPrimitives.ReadUInt32BigEndian(_index.AsSpan(offsetsStart + (position * 4)));
        if ((offset & 0x80000000) == 0)
        {
            return offset;
        }

        var large = offsetsStart + (_count * 4) + ((long)(offset & 0x7FFFFFFF) * 8);
        return large + 8 > _index.Length - 40 ? -1 : (long)BinaryPrimitives.ReadUInt64BigEndian(_index.AsSpan((int)large));
    }
}
