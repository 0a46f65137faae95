using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Leviathan.Tools.Sandbox.Quota;

/// <summary>What <c>statx</c> and <c>statvfs</c> say about a path, without following a final symbolic link.</summary>
internal static partial class FileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxBtime = 0x800;
    private const int StatxSize = 256;
    private const int StatvfsSize = 112;
    private const int ClockRealtime = 0;
    private const int ClockRealtimeCoarse = 5;

    /// <summary>One entry: its type, owner, mode bits, allocated bytes, and birth and modification times in Unix nanoseconds (birth 0 when unknown).</summary>
    public readonly record struct Entry(bool IsDirectory, bool IsRegularFile, uint Uid, uint Gid, int Mode, long AllocatedBytes, long BirthNanoseconds, long ModifiedNanoseconds);

    /// <summary>The entry at <paramref name="path"/>; null when it is gone.</summary>
    public static Entry? Stat(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats | StatxBtime, buffer) != 0)
        {
            return null;
        }

        var mask = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var blocks = BinaryPrimitives.ReadInt64LittleEndian(buffer[48..]);
        var birth = (mask & StatxBtime) != 0 ? Nanoseconds(buffer[80..]) : 0;
        var modified = Nanoseconds(buffer[112..]);
        var type = mode & 0xF000;
        var uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
        var gid = BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]);
        return new Entry(type == 0x4000, type == 0x8000, uid, gid, mode & 0xFFF, blocks * 512, birth, modified);
    }

    /// <summary>Bytes in use on the file system that holds <paramref name="path"/> (total minus free); -1 when unknown.</summary>
    public static long FileSystemUsedBytes(string path)
    {
        Span<byte> buffer = stackalloc byte[StatvfsSize];
        if (Statvfs(path, buffer) != 0)
        {
            return -1;
        }

        // unsigned long f_bsize, f_frsize; fsblkcnt_t f_blocks, f_bfree (64-bit Linux layout).
        var fragment = BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]);
        var blocks = BinaryPrimitives.ReadInt64LittleEndian(buffer[16..]);
        var free = BinaryPrimitives.ReadInt64LittleEndian(buffer[24..]);
        return (blocks - free) * fragment;
    }

    /// <summary>
    /// The kernel's fine wall clock in Unix nanoseconds, compared with file times. Every file that exists now has a
    /// time at or before it, whether the file system stamped it from the coarse clock or (multigrain timestamps, Linux
    /// 6.13 and later) from the fine one; the coarse clock lags the fine one by up to a tick, so a file written just
    /// before it was read could look newer. Not a <see cref="TimeProvider"/>: it is compared with the kernel's own
    /// timestamps, never with the application's clock.
    /// </summary>
    public static long NowNanoseconds()
    {
        Span<long> timespec = stackalloc long[2];
        return ClockGetTime(ClockRealtime, timespec) == 0 ? (timespec[0] * 1_000_000_000L) + timespec[1] : 0;
    }

    /// <summary>
    /// Waits until the kernel's coarse clock, which it stamps new files with, reads later than <paramref name="nanoseconds"/>
    /// (as the sandbox launcher's <c>--after</c> does): a file made from then on is stamped later. The clock moves at timer
    /// ticks, a few milliseconds apart; a realtime clock set back meanwhile holds this for at most about half a second.
    /// </summary>
    public static async Task WaitPastAsync(long nanoseconds, CancellationToken cancellationToken)
    {
        var timespec = new long[2];
        for (var waited = 0; waited < 500; waited++)
        {
            if (ClockGetTime(ClockRealtimeCoarse, timespec) != 0 || (timespec[0] * 1_000_000_000L) + timespec[1] > nanoseconds)
            {
                return;
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, Span<long> timespec);

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statvfs(string path, Span<byte> buffer);
}
