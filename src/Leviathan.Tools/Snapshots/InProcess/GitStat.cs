using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary><c>lstat</c> through <c>statx</c>, never following a link, with the fields git's index records.</summary>
internal static partial class GitStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ErrorNoEntry = 2;
    private const int ErrorNotDirectory = 20;

    public enum EntryKind
    {
        File,
        Directory,
        Symlink,
        Other,
    }

    /// <summary>What lstat says of a path.</summary>
    /// <param name="Kind">File, directory, symbolic link, or anything else (device, pipe, socket).</param>
    /// <param name="Executable">The owner's execute bit (git's only permission bit).</param>
    /// <param name="Stat">The index's stat fields.</param>
    /// <param name="FullSize">The size, not truncated.</param>
    public readonly record struct Result(EntryKind Kind, bool Executable, GitFileStat Stat, long FullSize);

    /// <summary>The entry's stat; null when it does not exist (or a component of its path is not a directory).</summary>
    /// <exception cref="IOException">Any other failure.</exception>
    public static Result? TryLstat(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ErrorNoEntry or ErrorNotDirectory ? null : throw new IOException($"lstat {path} failed (errno {errno})");
        }

        static uint U32(ReadOnlySpan<byte> buffer, int at) => BinaryPrimitives.ReadUInt32LittleEndian(buffer[at..]);
        static ulong U64(ReadOnlySpan<byte> buffer, int at) => BinaryPrimitives.ReadUInt64LittleEndian(buffer[at..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
        var size = U64(buffer, 40);
        // st_dev as glibc's makedev builds it, truncated to 32 bits as git stores it.
        var major = U32(buffer, 136);
        var minor = U32(buffer, 140);
        var device = (uint)(((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff));
        var stat = new GitFileStat(
            CtimeSeconds: (uint)U64(buffer, 96),
            CtimeNanoseconds: U32(buffer, 104),
            MtimeSeconds: (uint)U64(buffer, 112),
            MtimeNanoseconds: U32(buffer, 120),
            Device: device,
            Inode: (uint)U64(buffer, 32),
            Uid: U32(buffer, 20),
            Gid: U32(buffer, 24),
            Size: (uint)size);
        return new Result(kind, (mode & 0x40) != 0, stat, (long)size);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
