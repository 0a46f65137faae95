namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The paths of the workspace's own git repository that a sandboxed command may only read: <c>.git</c>
/// (a directory, or the <c>gitdir:</c> file of a worktree or submodule) and, when that file points back
/// into the workspace, the repository it points to and its common directory. Otherwise a command could set
/// <c>core.fsmonitor</c> or a hook that the user's next <c>git status</c> on the host runs.
/// </summary>
internal static class SandboxGitProtection
{
    /// <summary>The workspace-relative paths to mount read-only, outermost first.</summary>
    /// <param name="workspace">The canonical workspace.</param>
    /// <exception cref="ArgumentException"><c>.git</c> is a symbolic link, which the command could replace.</exception>
    public static IReadOnlyList<string> ReadOnlyPaths(string workspace)
    {
        var git = Path.Join(workspace, ".git");
        var entry = new FileInfo(git);
        if (entry.LinkTarget is not null)
        {
            throw new ArgumentException(
                $"The workspace's .git is a symbolic link (to {entry.LinkTarget}): a sandboxed command could point it at a repository it wrote. "
                + "Make .git a directory or a 'gitdir:' file, or let commands write .git (sandbox request GitWritable).");
        }

        if (Directory.Exists(git))
        {
            return [".git"];
        }

        if (!entry.Exists)
        {
            return [];
        }

        // A FIFO or device would block or misbehave when read here.
        if (Quota.FileStatus.Stat(git) is not { IsRegularFile: true })
        {
            throw new ArgumentException("The workspace's .git is neither a directory nor a regular 'gitdir:' file; remove it, or let commands write .git (sandbox request GitWritable).");
        }

        var paths = new List<string> { ".git" };
        var gitDir = PointedInside(workspace, workspace, ReadGitDirLine(git));
        if (gitDir is not null)
        {
            paths.Add(gitDir);
            var commonFile = Path.Join(workspace, gitDir, "commondir");
            if (Quota.FileStatus.Stat(commonFile) is { IsRegularFile: true })
            {
                var common = PointedInside(workspace, Path.Join(workspace, gitDir), ReadFirstLine(commonFile));
                if (common is not null && !paths.Contains(common, StringComparer.Ordinal))
                {
                    paths.Add(common);
                }
            }
        }

        return paths;
    }

    private static string? ReadGitDirLine(string file)
    {
        var line = ReadFirstLine(file);
        return line.StartsWith("gitdir:", StringComparison.Ordinal) ? line["gitdir:".Length..].Trim() : null;
    }

    /// <summary>The first line of a small regular file (it is one short line; anything past 8 KiB is ignored).</summary>
    private static string ReadFirstLine(string file)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read);
        var buffer = new byte[8192];
        var read = RandomAccess.Read(handle, buffer, 0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Split('\n')[0].Trim();
    }

    /// <summary>The workspace-relative real path a pointer names, when it is an existing directory inside the workspace.</summary>
    private static string? PointedInside(string workspace, string baseDirectory, string? pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return null;
        }

        var real = WorkspaceGuard.RealPath(Path.GetFullPath(pointer, baseDirectory));
        return WorkspaceGuard.IsInside(workspace, real) && Directory.Exists(real) ? Path.GetRelativePath(workspace, real) : null;
    }
}
