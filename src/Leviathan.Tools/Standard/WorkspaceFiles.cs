using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Standard;

/// <summary>
/// Walks the files under a folder of the workspace. Skips <c>.git</c> folders and Leviathan's own
/// <see cref="WorkspaceRoot.ReservedFolder"/>, and does not descend into symbolically linked folders
/// (they may lead outside or loop).
/// </summary>
internal static class WorkspaceFiles
{
    /// <summary>One entry: its workspace-relative path, and a note when it was listed but not entered or read.</summary>
    public readonly record struct Entry(string RelativePath, string FullPath, string? Note);

    public static IEnumerable<Entry> Walk(WorkspaceRoot workspace, string relativeStart, GlobPattern? glob, CancellationToken cancellationToken)
    {
        var start = workspace.Resolve(relativeStart);
        if (File.Exists(start))
        {
            var relative = WorkspaceRelativePath.Of(workspace, start);
            if (glob is null || glob.IsMatch(relative))
            {
                yield return new Entry(relative, start, null);
            }

            yield break;
        }

        if (!Directory.Exists(start))
        {
            throw new ToolRefusedException($"'{relativeStart}' does not exist in the workspace.");
        }

        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            var subdirectories = new List<string>();
            foreach (var entry in entries)
            {
                var relative = WorkspaceRelativePath.Of(workspace, entry.FullName);
                if (entry.LinkTarget is not null)
                {
                    if (glob is null || glob.IsMatch(relative))
                    {
                        yield return LinkEntry(workspace, entry, relative);
                    }

                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    if (entry.Name != ".git" && relative != WorkspaceRoot.ReservedFolder)
                    {
                        subdirectories.Add(entry.FullName);
                    }

                    continue;
                }

                if (glob is null || glob.IsMatch(relative))
                {
                    yield return new Entry(relative, entry.FullName, null);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }

    private static Entry LinkEntry(WorkspaceRoot workspace, FileSystemInfo entry, string relative)
    {
        string target;
        try
        {
            target = workspace.Resolve(relative);
        }
        catch (ToolRefusedException)
        {
            return new Entry(relative, entry.FullName, "symbolic link to outside the workspace, not followed");
        }

        if (Directory.Exists(target))
        {
            return new Entry(relative, entry.FullName, $"symbolic link to the folder {WorkspaceRelativePath.Of(workspace, target)}, not followed");
        }

        return File.Exists(target)
            ? new Entry(relative, target, null)
            : new Entry(relative, entry.FullName, "broken symbolic link");
    }
}
