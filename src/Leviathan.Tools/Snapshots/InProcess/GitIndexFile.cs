using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// git's index file, version 2 (what git writes by default), read and written in process: the entries only. Extensions
/// (git's cached trees) are left out when writing; git recomputes what it needs.
/// </summary>
internal static class GitIndexFile
{
    private const int HeaderLength = 12;
    private const int EntryFixedLength = 62;

    /// <summary>
    /// The entries of an index, sorted by path, and the index file's own modification time; null when there is no index
    /// or it is not one this reader handles (another version, merge stages, extended flags).
    /// </summary>
    public static (List<GitIndexEntry> Entries, GitFileStat FileStat)? TryRead(string path)
    {
        byte[] bytes;
        GitFileStat stat;
        try
        {
            if (GitStat.TryLstat(path) is not { Kind: GitStat.EntryKind.File } fileStat)
            {
                return null;
            }

            stat = fileStat.Stat;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (bytes.Length < HeaderLength + SHA1.HashSizeInBytes
            || !bytes.AsSpan(0, 4).SequenceEqual("DIRC"u8)
            || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)) != 2
            || !SHA1.HashData(bytes.AsSpan(0, bytes.Length - SHA1.HashSizeInBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - SHA1.HashSizeInBytes)))
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
        var entries = new List<GitIndexEntry>((int)Math.Min(count, 1_000_000));
        var offset = HeaderLength;
        var end = bytes.Length - SHA1.HashSizeInBytes;
        for (var i = 0u; i < count; i++)
        {
            if (offset + EntryFixedLength > end)
            {
                return null;
            }

            var e = bytes.AsSpan(offset);
            static uint U(ReadOnlySpan<byte> e, int at) => BinaryPrimitives.ReadUInt32BigEndian(e[at..]);
            var flags = BinaryPrimitives.ReadUInt16BigEndian(e[60..]);
            if ((flags & 0x4000) != 0 || (flags & 0x3000) != 0)
            {
                // Extended flags or a merge stage: not an index this store writes or reads.
                return null;
            }

            var nameEnd = e[EntryFixedLength..(end - offset)].IndexOf((byte)0);
            if (nameEnd < 0 || offset + EntryFixedLength + nameEnd > end)
            {
                return null;
            }

            var entryStat = new GitFileStat(U(e, 0), U(e, 4), U(e, 8), U(e, 12), U(e, 16), U(e, 20), U(e, 28), U(e, 32), U(e, 36));
            entries.Add(new GitIndexEntry(e.Slice(EntryFixedLength, nameEnd).ToArray(), U(e, 24), e.Slice(40, 20).ToArray(), entryStat));
            offset += (EntryFixedLength + nameEnd + 8) & ~7;
        }

        return (entries, stat);
    }

    /// <summary>Writes <paramref name="entries"/> (sorted by path) as a version 2 index, replacing the file atomically through <c>index.lock</c>.</summary>
    /// <returns>False when another writer held <c>index.lock</c> (the index is left to it).</returns>
    public static bool Write(string path, IReadOnlyList<GitIndexEntry> entries)
    {
        var length = HeaderLength + SHA1.HashSizeInBytes;
        foreach (var entry in entries)
        {
            length += (EntryFixedLength + entry.Path.Length + 8) & ~7;
        }

        var bytes = new byte[length];
        "DIRC"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)entries.Count);
        var offset = HeaderLength;
        foreach (var entry in entries)
        {
            var e = bytes.AsSpan(offset);
            var s = entry.Stat;
            uint[] fields = [s.CtimeSeconds, s.CtimeNanoseconds, s.MtimeSeconds, s.MtimeNanoseconds, s.Device, s.Inode, entry.Mode, s.Uid, s.Gid, s.Size];
            for (var i = 0; i < fields.Length; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(e[(i * 4)..], fields[i]);
            }

            entry.ObjectId.CopyTo(e[40..]);
            BinaryPrimitives.WriteUInt16BigEndian(e[60..], (ushort)Math.Min(entry.Path.Length, 0xFFF));
            entry.Path.CopyTo(e[EntryFixedLength..]);
            offset += (EntryFixedLength + entry.Path.Length + 8) & ~7;
        }

        SHA1.HashData(bytes.AsSpan(0, offset), bytes.AsSpan(offset));
        var temporary = path + ".lock";
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            stream.Write(bytes);
        }
        catch (IOException ex) when (LockFile.HeldByAnother(ex, temporary))
        {
            // Another checkpoint of the workspace, or git, is writing the index: it is a cache of the same work tree, theirs will do.
            return false;
        }

        File.Move(temporary, path, overwrite: true);
        return true;
    }
}
