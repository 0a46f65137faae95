using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Standard;

/// <summary>
/// Walks the files under a folder of the workspace. Skips <c>.git</c> folders and Leviathan's own
/// <see cref="WorkspaceRoot.ReservedFolder"/>, and does not descend into symbolically linked folders
/// (they may lead outside or loop). Each folder is opened without following links and listed through its
/// open descriptor, so a folder swapped for a link while the walk runs is not listed.
/// </summary>
internal static class WorkspaceFiles
{
    /// <summary>One entry: its workspace-relative path, and a note when it was listed but not entered or read.</summary>
    public readonly record struct Entry(string RelativePath, string FullPath, string? Note);

    public static IEnumerable<Entry> Walk(WorkspaceRoot workspace, string relativeStart, GlobPattern? glob, CancellationToken cancellationToken)
    {
        var start = workspace.Resolve(relativeStart);
        var kind = workspace.Files.KindOf(start);
        if (kind == WorkspaceFileSystem.EntryKind.File)
        {
            var relative = workspace.ToRelative(start);
            if (glob is null || glob.IsMatch(relative))
            {
                yield return new Entry(relative, start, null);
            }

            yield break;
        }

        if (kind != WorkspaceFileSystem.EntryKind.Directory)
        {
            throw new ToolRefusedException($"'{relativeStart}' does not exist in the workspace.");
        }

        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            var subdirectories = new List<string>();
            foreach (var entry in List(workspace, directory))
            {
                var full = Path.Join(directory, entry.Name);
                var relative = workspace.ToRelative(full);
                if (entry.Kind == WorkspaceFileSystem.EntryKind.SymbolicLink)
                {
                    if (glob is null || glob.IsMatch(relative))
                    {
                        yield return LinkEntry(workspace, full, relative);
                    }

                    continue;
                }

                if (entry.Kind == WorkspaceFileSystem.EntryKind.Directory)
                {
                    if (entry.Name != ".git" && relative != WorkspaceRoot.ReservedFolder)
                    {
                        subdirectories.Add(full);
                    }

                    continue;
                }

                if (glob is null || glob.IsMatch(relative))
                {
                    yield return new Entry(relative, full, null);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }

    // Everything about an entry is read while the folder's descriptor is open: after that the /proc path is gone.
    private static List<(string Name, WorkspaceFileSystem.EntryKind Kind)> List(WorkspaceRoot workspace, string directory)
    {
        try
        {
            using var handle = workspace.Files.OpenDirectory(directory);
            return [.. new DirectoryInfo(WorkspaceFileSystem.EnumerationPath(handle)).EnumerateFileSystemInfos()
                .Select(e => (e.Name, e.LinkTarget is not null ? WorkspaceFileSystem.EntryKind.SymbolicLink
                    : e is DirectoryInfo ? WorkspaceFileSystem.EntryKind.Directory
                    : WorkspaceFileSystem.EntryKind.File))
                .OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is ToolRefusedException or IOException or UnauthorizedAccessException)
        {
            // Replaced by a link or removed since it was seen: nothing of it is listed.
            return [];
        }
    }

    private static Entry LinkEntry(WorkspaceRoot workspace, string full, string relative)
    {
        string target;
        try
        {
            target = workspace.Resolve(relative);
        }
        catch (ToolRefusedException)
        {
            return new Entry(relative, full, "symbolic link to outside the workspace, not followed");
        }

        return workspace.Files.KindOf(target) switch
        {
            WorkspaceFileSystem.EntryKind.Directory => new Entry(relative, full, $"symbolic link to the folder {workspace.ToRelative(target)}, not followed"),
            WorkspaceFileSystem.EntryKind.File => new Entry(relative, target, null),
            _ => new Entry(relative, full, "broken symbolic link"),
        };
    }
}
