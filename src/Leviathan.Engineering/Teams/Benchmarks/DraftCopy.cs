using Leviathan.Engineering.Tools;
using Leviathan.Tools.Workspace;

namespace Leviathan.Engineering.Teams.Benchmarks;

/// <summary>
/// Copies a draft benchmark out of the workspace for the proofs: regular files only (a symbolic link is refused, never
/// followed), without the renders and the workspace's reserved folder.
/// </summary>
internal static class DraftCopy
{
    /// <summary>Replaces <paramref name="target"/> by a copy of the draft; returns null, or why the draft cannot be copied.</summary>
    public static string? Copy(string draft, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        return CopyFolder(new DirectoryInfo(draft), target, string.Empty);
    }

    private static string? CopyFolder(DirectoryInfo source, string target, string relative)
    {
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (path is WorkspaceRoot.ReservedFolder or PhysicsWorkbench.RendersFolder || entry.Name == PhysicsWorkbench.RendersFolder)
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                return $"'{path}' is a symbolic link; a benchmark folder holds regular files only: write the file itself there";
            }

            if (entry is DirectoryInfo folder)
            {
                var inner = Path.Combine(target, entry.Name);
                Directory.CreateDirectory(inner);
                if (CopyFolder(folder, inner, path) is { } problem)
                {
                    return problem;
                }
            }
            else if (entry is FileInfo file)
            {
                file.CopyTo(Path.Combine(target, entry.Name));
            }
        }

        return null;
    }
}
