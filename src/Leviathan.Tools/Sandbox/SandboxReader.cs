using System.Globalization;
using System.Runtime.InteropServices;
using Leviathan.Tools.Sandbox.Quota;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Who a bubblewrap command is on the host when the kernel checks a file's permissions: under root the unprivileged
/// <see cref="SandboxOptions.SandboxUid"/> with only <see cref="SandboxOptions.SandboxGid"/> (the launcher drops every
/// supplementary group before it becomes that user), otherwise the invoking user with their effective group and their
/// supplementary groups (an unprivileged user namespace keeps them). Every capability is dropped inside, so the file's
/// mode bits and its access ACL decide. A hidden file this reader provably cannot read needs no bind mount over it:
/// bubblewrap reads the whole mount table for every bind, and the command fails to read the file either way.
/// </summary>
/// <param name="Uid">The host user id of the command.</param>
/// <param name="Groups">The host group ids of the command (effective and supplementary).</param>
internal sealed partial record SandboxReader(uint Uid, IReadOnlyList<uint> Groups)
{
    private const string AccessAcl = "system.posix_acl_access";
    private const int NoData = 61;
    private const int NotSupported = 95;
    private static readonly Lazy<IReadOnlyList<uint>> SupplementaryGroups = new(ReadSupplementaryGroups);

    /// <summary>The reader for sandboxes built by a process with <paramref name="identity"/>.</summary>
    public static SandboxReader For(SandboxHostIdentity identity, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        return identity.IsRoot
            ? new SandboxReader(options.SandboxUid, [options.SandboxGid])
            : new SandboxReader(identity.Uid, [identity.Gid, .. SupplementaryGroups.Value]);
    }

    /// <summary>
    /// Whether the file is proven unreadable to this reader: a regular file (not a link, which would need its target
    /// checked) that it does not own, whose group bits grant no read to its groups, whose other bits grant no read, and
    /// that carries no access ACL. False whenever anything is unknown (the file is gone, a link, or its ACL unreadable).
    /// </summary>
    public bool CannotRead(string file)
    {
        if (FileStatus.Stat(file) is not { IsRegularFile: true } entry || entry.Uid == Uid)
        {
            return false;
        }

        const int GroupRead = 0x20;
        const int OtherRead = 0x4;
        if ((entry.Mode & OtherRead) != 0 || ((entry.Mode & GroupRead) != 0 && Groups.Contains(entry.Gid)))
        {
            return false;
        }

        // An ACL can grant this user or one of its groups what the mode bits do not.
        if (GetXattr(file, AccessAcl, 0, 0) >= 0)
        {
            return false;
        }

        return Marshal.GetLastPInvokeError() is NoData or NotSupported;
    }

    // The "Groups:" line of /proc/self/status: the supplementary groups, space separated.
    private static IReadOnlyList<uint> ReadSupplementaryGroups()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Groups:", StringComparison.Ordinal));
        return line is null
            ? []
            : [.. line["Groups:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(g => uint.Parse(g, NumberStyles.None, CultureInfo.InvariantCulture))];
    }

    [LibraryImport("libc", EntryPoint = "getxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint GetXattr(string path, string name, nint value, nuint size);
}
