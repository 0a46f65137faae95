using System.Runtime.InteropServices;
using Leviathan.Tools.Contract;
using Microsoft.Win32.SafeHandles;
using static Leviathan.Tools.Workspace.LinuxFileCalls;

namespace Leviathan.Tools.Workspace;

/// <summary>
/// File operations on a workspace that a hostile workspace cannot redirect. Every path is resolved by the kernel,
/// relative to a descriptor of the workspace root, with <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
/// RESOLVE_NO_MAGICLINKS)</c> (or, where the kernel lacks openat2, one <c>O_NOFOLLOW</c> open per component):
/// a symbolic link anywhere on the path, or a path that leaves the root, fails the open itself, so a link
/// swapped in after <see cref="WorkspaceRoot.Resolve"/> checked the path is refused, not followed. The real
/// path of every opened descriptor is checked once more. Files are replaced by a temporary file created
/// beside them (<c>O_EXCL | O_NOFOLLOW</c>) and <c>renameat</c> in the same directory descriptor; directories
/// are created with <c>mkdirat</c> one component at a time.
/// </summary>
/// <remarks>
/// Paths given here are absolute paths that <see cref="WorkspaceRoot.Resolve"/> returned: canonical, with every
/// link already resolved. A symbolic link on such a path can only mean the tree changed after the check.
/// </remarks>
internal sealed class WorkspaceFileSystem
{
    private const uint DefaultFileMode = 0x1B6; // 0666, less the umask
    private const uint DefaultDirectoryMode = 0x1FF; // 0777, less the umask
    private const uint PermissionBits = 0x1FF; // rwxrwxrwx: never set-user-ID, set-group-ID or sticky
    private static int s_openat2 = 1;

    private readonly WorkspaceRoot _root;
    private readonly bool _componentWalk;

    /// <param name="root">The workspace.</param>
    /// <param name="componentWalk">Resolve with one O_NOFOLLOW open per component even where openat2 exists (as on kernels before 5.6; for tests).</param>
    public WorkspaceFileSystem(WorkspaceRoot root, bool componentWalk = false)
    {
        _root = root;
        _componentWalk = componentWalk;
    }

    /// <summary>The kind of an entry, without following a link.</summary>
    public enum EntryKind
    {
        Missing,
        File,
        Directory,
        SymbolicLink,
        Other,
    }

    /// <summary>False once the kernel said it has no openat2 (before 5.6, or hidden by a seccomp filter).</summary>
    private static bool KernelHasOpenat2
    {
        get => Volatile.Read(ref s_openat2) == 1;
        set => Volatile.Write(ref s_openat2, value ? 1 : 0);
    }

    private bool UseOpenat2 => KernelHasOpenat2 && !_componentWalk;

    /// <summary>The bytes and permissions of a regular file, at most <paramref name="maxBytes"/>; null when it does not exist.</summary>
    /// <exception cref="InvalidDataException">It is not a regular file, or it is larger than <paramref name="maxBytes"/> (the message is <paramref name="tooLarge"/>'s).</exception>
    /// <exception cref="ToolRefusedException">The path goes through a symbolic link.</exception>
    public byte[]? TryReadAllBytes(string fullPath, long maxBytes, Func<long, string> tooLarge, out UnixFileMode mode)
    {
        mode = default;
        using var handle = Open(fullPath, ReadOnly | NonBlocking, 0, missingIsNull: true);
        if (handle is null)
        {
            return null;
        }

        var (kind, length, bits) = Describe(handle);
        if (kind != EntryKind.File)
        {
            throw new InvalidDataException(kind == EntryKind.Directory ? "it is a directory" : "it is not a regular file (a device, pipe or socket)");
        }

        if (length > maxBytes)
        {
            throw new InvalidDataException(tooLarge(length));
        }

        mode = (UnixFileMode)(bits & 0xFFF);
        using var buffer = new MemoryStream((int)Math.Min(length, Array.MaxLength));
        var chunk = new byte[Math.Min(Math.Max(length, 1), 1 << 20)];
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, chunk, offset)) > 0)
        {
            offset += read;
            if (offset > maxBytes)
            {
                throw new InvalidDataException(tooLarge(offset));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>What is at a path, without following a link in its last component (links before it are refused).</summary>
    public EntryKind KindOf(string fullPath)
    {
        var relative = Relative(fullPath);
        if (relative.Length == 0)
        {
            return EntryKind.Directory;
        }

        var (parent, name) = Split(relative);
        using var directory = OpenRelative(parent, PathOnly | DirectoryOnly, 0, missingIsNull: true);
        if (directory is null)
        {
            return EntryKind.Missing;
        }

        var error = Stat(Descriptor(directory), name, AtSymlinkNoFollow, out var bits, out _);
        return error switch
        {
            0 => KindFromMode(bits),
            ErrorNoEntry or ErrorNotDirectory => EntryKind.Missing,
            _ => throw Failure(error, relative),
        };
    }

    /// <summary>
    /// Replaces (or creates) a file with new content: a temporary file beside it, then a rename. Missing
    /// folders are created. A link in the last component is replaced, never written through.
    /// </summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="content">Its new bytes.</param>
    /// <param name="mode">
    /// Permissions to give it (the replaced file's); null for the default. Set-user-ID, set-group-ID and sticky bits
    /// are dropped: the host may be root, and a file it wrote must never become a set-user-ID program.
    /// </param>
    /// <remarks>
    /// When the host runs as root the file keeps the owner of the file it replaces (a new file gets its folder's),
    /// so that the user still owns their workspace.
    /// </remarks>
    public void Replace(string fullPath, byte[] content, UnixFileMode? mode)
    {
        var relative = Relative(fullPath);
        if (relative.Length == 0)
        {
            throw new IOException("the workspace root is a directory, not a file");
        }

        var (parent, name) = Split(relative);
        using var directory = CreateDirectories(parent);
        var parentFd = Descriptor(directory);
        var (owner, group) = OwnerFor(parentFd, name);
        var temporary = $"{name}.leviathan-{Guid.NewGuid():N}.tmp";
        var fd = Openat(parentFd, temporary, WriteOnly | Create | Exclusive | NoFollow | CloseOnExec | NoControllingTerminal, DefaultFileMode);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), relative);
        }

        var renamed = false;
        try
        {
            using (var handle = new SafeFileHandle(fd, ownsHandle: true))
            {
                RandomAccess.Write(handle, content, 0);
                if (owner is { } uid && Fchown(Descriptor(handle), uid, group) != 0)
                {
                    throw Failure(Marshal.GetLastPInvokeError(), relative);
                }

                if (mode is { } bits && Fchmod(Descriptor(handle), (uint)bits & PermissionBits) != 0)
                {
                    throw Failure(Marshal.GetLastPInvokeError(), relative);
                }
            }

            if (Renameat(parentFd, temporary, parentFd, name) != 0)
            {
                throw Failure(Marshal.GetLastPInvokeError(), relative);
            }

            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                Unlinkat(parentFd, temporary, 0);
            }
        }
    }

    // Only root can give a file away; anyone else writes files they own, as before.
    private static (uint? Owner, uint Group) OwnerFor(int parent, string name)
    {
        if (Geteuid() != 0)
        {
            return (null, 0);
        }

        if (Stat(parent, name, AtSymlinkNoFollow, out var bits, out _) == 0 && KindFromMode(bits) == EntryKind.File
            && LinuxFileCalls.Owner(parent, name, AtSymlinkNoFollow, out var owner, out var group) == 0)
        {
            return (owner, group);
        }

        return LinuxFileCalls.Owner(parent, string.Empty, AtEmptyPath, out var folderOwner, out var folderGroup) == 0
            ? (folderOwner, folderGroup)
            : (null, 0);
    }

    /// <summary>Deletes a file (a link in the last component is removed itself). A missing file is not an error.</summary>
    public void Delete(string fullPath)
    {
        var relative = Relative(fullPath);
        var (parent, name) = Split(relative);
        using var directory = OpenRelative(parent, PathOnly | DirectoryOnly, 0, missingIsNull: true);
        if (directory is null)
        {
            return;
        }

        if (Unlinkat(Descriptor(directory), name, 0) != 0 && Marshal.GetLastPInvokeError() is var error && error != ErrorNoEntry)
        {
            throw Failure(error, relative);
        }
    }

    /// <summary>
    /// Opens a folder for listing; enumerate <see cref="EnumerationPath"/> while the handle is open, so that the
    /// listing is of the folder that was checked, whatever is renamed or linked meanwhile.
    /// </summary>
    public SafeFileHandle OpenDirectory(string fullPath) =>
        Open(fullPath, ReadOnly | DirectoryOnly, 0, missingIsNull: false)!;

    /// <summary>A path that names exactly the folder an open handle refers to (through /proc).</summary>
    public static string EnumerationPath(SafeFileHandle directory) => $"/proc/self/fd/{Descriptor(directory)}";

    private SafeFileHandle? Open(string fullPath, int flags, uint mode, bool missingIsNull) =>
        OpenRelative(Relative(fullPath), flags, mode, missingIsNull);

    private SafeFileHandle? OpenRelative(string relative, int flags, uint mode, bool missingIsNull)
    {
        using var root = OpenRoot();
        var fd = UseOpenat2 ? OpenWithOpenat2(Descriptor(root), relative, flags, mode) : -ErrorNoSystemCall;
        if (fd == -ErrorNoSystemCall || fd == -ErrorPermission && UseOpenat2)
        {
            fd = OpenByComponents(Descriptor(root), relative, flags, mode);
        }

        if (fd < 0)
        {
            var error = -fd;
            if (missingIsNull && error is ErrorNoEntry or ErrorNotDirectory)
            {
                return null;
            }

            throw Failure(error, relative);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        CheckRealPath(handle, relative);
        return handle;
    }

    private static int OpenWithOpenat2(int root, string relative, int flags, uint mode)
    {
        var how = new OpenHow
        {
            // openat2 validates flags strictly: O_PATH takes no O_NOCTTY.
            Flags = (ulong)(flags | CloseOnExec | ((flags & PathOnly) == 0 ? NoControllingTerminal : 0)),
            Mode = mode,
            Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks,
        };
        for (var attempt = 0; ; attempt++)
        {
            var fd = Openat2(root, relative.Length == 0 ? "." : relative, ref how);
            if (fd >= 0)
            {
                return (int)fd;
            }

            var error = Marshal.GetLastPInvokeError();
            // EAGAIN: a rename elsewhere raced the lookup; the kernel asks for a retry.
            if (error == ErrorTryAgain && attempt < 8)
            {
                continue;
            }

            if (error == ErrorNoSystemCall)
            {
                KernelHasOpenat2 = false;
            }

            return -error;
        }
    }

    // Kernels before 5.6 (or a seccomp filter that hides openat2): the same rule, one O_NOFOLLOW open per component.
    private static int OpenByComponents(int root, string relative, int flags, uint mode)
    {
        var components = relative.Length == 0 ? ["."] : relative.Split('/');
        var current = -1;
        try
        {
            for (var i = 0; i < components.Length; i++)
            {
                var at = current < 0 ? root : current;
                var last = i == components.Length - 1;
                var fd = last
                    ? Openat(at, components[i], flags | NoFollow | CloseOnExec | ((flags & PathOnly) == 0 ? NoControllingTerminal : 0), mode)
                    : Openat(at, components[i], PathOnly | DirectoryOnly | NoFollow | CloseOnExec, 0);
                if (fd < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    // A link where a folder was expected: O_NOFOLLOW|O_DIRECTORY reports ENOTDIR; call it what it is.
                    if (error == ErrorNotDirectory && Stat(at, components[i], AtSymlinkNoFollow, out var bits, out _) == 0 && KindFromMode(bits) == EntryKind.SymbolicLink)
                    {
                        error = ErrorLoop;
                    }

                    return -error;
                }

                if (current >= 0)
                {
                    using var previous = new SafeFileHandle(current, ownsHandle: true);
                }

                current = fd;
            }

            var result = current;
            current = -1;
            return result;
        }
        finally
        {
            if (current >= 0)
            {
                using var leftover = new SafeFileHandle(current, ownsHandle: true);
            }
        }
    }

    private SafeFileHandle CreateDirectories(string relative)
    {
        using var root = OpenRoot();
        var current = Dup(root);
        if (relative.Length == 0)
        {
            return current;
        }

        var walked = string.Empty;
        foreach (var component in relative.Split('/'))
        {
            walked = walked.Length == 0 ? component : walked + "/" + component;
            using var parent = current;
            var fd = OpenChild(parent, component);
            if (fd == -ErrorNoEntry)
            {
                if (Mkdirat(Descriptor(parent), component, DefaultDirectoryMode) != 0)
                {
                    if (Marshal.GetLastPInvokeError() is var mkdirError && mkdirError != ErrorExists)
                    {
                        throw Failure(mkdirError, walked);
                    }
                }
                else if (OwnerFor(Descriptor(parent), string.Empty) is ({ } uid, var gid))
                {
                    // A folder root made in the user's workspace stays the user's, like the files in it.
                    Fchownat(Descriptor(parent), component, uid, gid, AtSymlinkNoFollow);
                }

                fd = OpenChild(parent, component);
            }

            if (fd < 0)
            {
                throw Failure(-fd, walked);
            }

            current = new SafeFileHandle(fd, ownsHandle: true);
            CheckRealPath(current, walked);
        }

        return current;
    }

    private int OpenChild(SafeFileHandle parent, string name) =>
        UseOpenat2
            ? OpenWithOpenat2(Descriptor(parent), name, PathOnly | DirectoryOnly, 0)
            : OpenByComponents(Descriptor(parent), name, PathOnly | DirectoryOnly, 0);

    private SafeFileHandle OpenRoot()
    {
        var fd = Openat(AtFdCwd, _root.FullPath, PathOnly | DirectoryOnly | CloseOnExec, 0);
        if (fd < 0)
        {
            throw new DirectoryNotFoundException($"the workspace '{_root.FullPath}' cannot be opened (errno {Marshal.GetLastPInvokeError()})");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static SafeFileHandle Dup(SafeFileHandle handle)
    {
        var fd = Openat(Descriptor(handle), ".", PathOnly | DirectoryOnly | CloseOnExec, 0);
        if (fd < 0)
        {
            throw new IOException($"the workspace root cannot be opened again (errno {Marshal.GetLastPInvokeError()})");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    // Belt and braces: the kernel refused links while resolving; the descriptor must also name a place inside.
    private void CheckRealPath(SafeFileHandle handle, string relative)
    {
        var real = new FileInfo(EnumerationPath(handle)).LinkTarget;
        if (real is not null && !_root.Contains(real))
        {
            handle.Dispose();
            throw Escape(relative);
        }
    }

    private static (EntryKind Kind, long Length, int Mode) Describe(SafeFileHandle handle)
    {
        var error = Stat(Descriptor(handle), string.Empty, AtEmptyPath, out var bits, out var size);
        if (error != 0)
        {
            throw new IOException($"cannot examine an open file (errno {error})");
        }

        return (KindFromMode(bits), size, bits);
    }

    private static EntryKind KindFromMode(int bits) => (bits & TypeMask) switch
    {
        TypeRegular => EntryKind.File,
        TypeDirectory => EntryKind.Directory,
        TypeSymlink => EntryKind.SymbolicLink,
        _ => EntryKind.Other,
    };

    private string Relative(string fullPath)
    {
        if (!_root.Contains(fullPath))
        {
            throw Escape(fullPath);
        }

        var relative = _root.ToRelative(fullPath);
        return relative == "." ? string.Empty : relative;
    }

    private static (string Parent, string Name) Split(string relative)
    {
        var slash = relative.LastIndexOf('/');
        return slash < 0 ? (string.Empty, relative) : (relative[..slash], relative[(slash + 1)..]);
    }

    private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static Exception Failure(int error, string relative) => error switch
    {
        ErrorLoop or ErrorCrossDevice => Escape(relative),
        ErrorNoEntry => new FileNotFoundException($"'{relative}' does not exist"),
        ErrorNotDirectory => new IOException($"a part of '{relative}' is not a folder"),
        ErrorIsDirectory => new IOException($"'{relative}' is a directory"),
        ErrorNotEmpty => new IOException($"'{relative}' is a folder that is not empty"),
        _ => new IOException($"'{relative}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error})"),
    };

    private static ToolRefusedException Escape(string relative) => new(
        $"'{relative}' goes through a symbolic link (one that leads outside the workspace, or that appeared after the path was checked); "
        + "host-side file operations never follow a link there, so nothing was read or written.");
}
