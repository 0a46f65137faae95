using System.Globalization;
using Leviathan.Tools.Workspace;
using Microsoft.Win32.SafeHandles;

namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Refuses folders that must never become a workspace or an edit root: the file system root, system
/// folders and their ancestors, kernel interfaces, <c>/tmp</c> itself, the user's home folder itself and
/// the Leviathan home (inside it or above it).
/// </summary>
public static class WorkspaceGuard
{
    private static readonly string[] SystemFolders =
        ["/", "/etc", "/usr", "/bin", "/sbin", "/var", "/boot", "/proc", "/sys", "/dev", "/tmp", "/var/tmp", "/run", "/root", "/home", "/srv", "/opt", "/mnt", "/media"];

    // Nothing below these is a place for a project.
    private static readonly string[] KernelFolders = ["/proc", "/sys", "/dev"];

    /// <summary>
    /// Returns the canonical folder (every symbolic link resolved), or throws with a message that says why
    /// the folder is refused.
    /// </summary>
    /// <param name="folder">An absolute folder.</param>
    /// <param name="leviathanHome">The configured Leviathan home; the workspace may be neither inside it nor above it.</param>
    /// <param name="userHome">The user's home folder; itself refused (its subfolders are fine). The HOME variable when null.</param>
    /// <param name="what">How the folder is called in the message ("workspace", "edit root").</param>
    /// <exception cref="ArgumentException">The folder is refused.</exception>
    public static string Check(string folder, string? leviathanHome = null, string? userHome = null, string what = "workspace")
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var real = RealPath(folder);
        if (real == "/")
        {
            throw new ArgumentException($"The {what} cannot be the root directory: the whole machine would be writable.");
        }

        var system = SystemFolders
            .Concat(LibFolders())
            .Select(RealPath)
            .Concat(UserHomes(userHome))
            .FirstOrDefault(s => real == s || IsInside(real, s));
        if (system is not null)
        {
            throw new ArgumentException(system == real
                ? $"The {what} '{real}' is a system folder (or a home folder itself); use a project folder inside it instead."
                : $"The {what} '{real}' contains the system folder '{system}'; use a project folder instead.");
        }

        var kernel = KernelFolders.FirstOrDefault(k => IsInside(k, real));
        if (kernel is not null)
        {
            throw new ArgumentException($"The {what} '{real}' is inside the kernel interface '{kernel}'.");
        }

        if (!string.IsNullOrEmpty(leviathanHome))
        {
            var home = RealPath(leviathanHome);
            if (real == home || IsInside(real, home) || IsInside(home, real))
            {
                throw new ArgumentException(
                    $"The {what} '{real}' {(IsInside(real, home) ? "contains" : "is inside")} the Leviathan home '{home}' (the run store and configuration); use a folder outside it.");
            }
        }

        return real;
    }

    /// <summary>Whether <paramref name="path"/> lies strictly inside <paramref name="folder"/>.</summary>
    internal static bool IsInside(string folder, string path) =>
        path.Length > folder.Length && path.StartsWith(folder == "/" ? "/" : folder + "/", StringComparison.Ordinal);

    /// <summary>The absolute path with every symbolic link along it resolved (the file itself need not exist).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        // The kernel's answer costs three calls (open, readlink of /proc/self/fd, close); the loop below one readlink per
        // component, so a path of one or two components (the system folders each workspace check resolves) takes the loop.
        if (full.AsSpan().Count('/') > 2 && KernelRealPath(full) is { } resolved)
        {
            return resolved;
        }

        var pending = new Stack<string>(full.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > 40)
            {
                throw new ArgumentException($"Too many symbolic links in '{path}'.");
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(piece);
            }
        }

        return current;
    }

    /// <summary>
    /// An existing path as the kernel resolves it: one open (<c>O_PATH</c>, which follows every link as the loop above does)
    /// and the name <c>/proc</c> gives the descriptor, instead of one <c>readlink</c> per component. Null when the path
    /// cannot be opened (it does not exist, a link dangles or loops, a folder cannot be searched) or /proc cannot name it.
    /// </summary>
    internal static string? KernelRealPath(string full)
    {
        var fd = LinuxFileCalls.Openat(LinuxFileCalls.AtFdCwd, full, LinuxFileCalls.PathOnly | LinuxFileCalls.CloseOnExec, 0);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        string? named;
        try
        {
            named = new FileInfo("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture)).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }

        return named is { Length: > 0 } && named[0] == '/' && !named.EndsWith(" (deleted)", StringComparison.Ordinal) ? named : null;
    }

    private static IEnumerable<string> LibFolders() =>
        Directory.EnumerateFileSystemEntries("/", "lib*").Select(p => "/" + Path.GetFileName(p));

    private static IEnumerable<string> UserHomes(string? userHome)
    {
        var home = userHome ?? Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home) && Path.IsPathRooted(home))
        {
            yield return RealPath(home);
        }
    }
}
