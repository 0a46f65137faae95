using System.Runtime.InteropServices;

namespace Leviathan.Tools.Workspace;

/// <summary>The Linux system calls behind <see cref="WorkspaceFileSystem"/>: opens relative to a directory descriptor, no following.</summary>
internal static partial class LinuxFileCalls
{
    public const int AtFdCwd = -100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    public const int AtSymlinkNoFollow = 0x100;

    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoControllingTerminal = 0x100;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    public const int ErrorNoEntry = 2;
    public const int ErrorTryAgain = 11;
    public const int ErrorExists = 17;
    public const int ErrorCrossDevice = 18;
    public const int ErrorNotDirectory = 20;
    public const int ErrorIsDirectory = 21;
    public const int ErrorNoSystemCall = 38;
    public const int ErrorNotEmpty = 39;
    public const int ErrorLoop = 40;
    public const int ErrorPermission = 1;

    public const int TypeMask = 0xF000;
    public const int TypeRegular = 0x8000;
    public const int TypeDirectory = 0x4000;
    public const int TypeSymlink = 0xA000;

    // openat2 has the same number on every architecture (system calls added since 5.1 share numbers).
    private const long SysOpenat2 = 437;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const uint StatxOwner = 0x8;
    private const uint StatxGroup = 0x10;

    /// <summary>O_DIRECTORY: 0200000 on x86-64, 040000 on arm64.</summary>
    public static int DirectoryOnly { get; } = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>O_NOFOLLOW: 0400000 on x86-64, 0100000 on arm64.</summary>
    public static int NoFollow { get; } = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>openat2(2) through syscall(2): glibc 2.36 has no wrapper.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long Openat2(long number, int directory, string path, ref OpenHow how, nuint size);

    public static long Openat2(int directory, string path, ref OpenHow how) =>
        Openat2(SysOpenat2, directory, path, ref how, (nuint)Marshal.SizeOf<OpenHow>());

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Openat(int directory, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdirat(int directory, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Renameat(int fromDirectory, string from, int toDirectory, string to);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlinkat(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int descriptor, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int descriptor, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fchownat(int directory, string path, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    /// <summary>The owner and group of an entry.</summary>
    /// <returns>0, or the errno.</returns>
    public static int Owner(int directory, string path, int flags, out uint owner, out uint group)
    {
        var buffer = new byte[256];
        if (Statx(directory, path, flags, StatxType | StatxOwner | StatxGroup, buffer) != 0)
        {
            owner = 0;
            group = 0;
            return Marshal.GetLastPInvokeError();
        }

        owner = BitConverter.ToUInt32(buffer, 20);
        group = BitConverter.ToUInt32(buffer, 24);
        return 0;
    }

    /// <summary>The type-and-permission bits and size of an entry (statx; the buffer layout is the same on every architecture).</summary>
    /// <returns>0, or the errno.</returns>
    public static int Stat(int directory, string path, int flags, out int mode, out long size)
    {
        var buffer = new byte[256];
        if (Statx(directory, path, flags, StatxType | StatxMode | StatxSize, buffer) != 0)
        {
            mode = 0;
            size = 0;
            return Marshal.GetLastPInvokeError();
        }

        mode = BitConverter.ToUInt16(buffer, 28);
        size = (long)BitConverter.ToUInt64(buffer, 40);
        return 0;
    }
}
