namespace Leviathan.Server.Workspaces;

/// <summary>Where a request may name files on this machine: under <c>serve.workspace_roots</c>, reached without symbolic links.</summary>
internal static class AllowedRoots
{
    /// <summary>Why <paramref name="path"/> may not be used, or null: it must exist under an allowed root (as a folder, or as a regular file when <paramref name="file"/>), and no part of it below the root may be a symbolic link.</summary>
    public static string? Problem(string path, IReadOnlyList<string> roots, bool file = false)
    {
        if (roots.Count == 0)
        {
            return "this server allows no workspaces: the operator sets serve.workspace_roots to the folders runs may use";
        }

        var full = Path.GetFullPath(path);
        var root = roots.Select(r => Path.GetFullPath(r).TrimEnd('/')).FirstOrDefault(r => full.StartsWith(r + "/", StringComparison.Ordinal));
        if (root is null)
        {
            return $"{full} is not under an allowed workspace root ({string.Join(", ", roots)})";
        }

        if (file ? !File.Exists(full) && !Directory.Exists(full) : !Directory.Exists(full))
        {
            return $"{(file ? "the file" : "the workspace")} {full} does not exist";
        }

        for (FileSystemInfo? current = File.Exists(full) ? new FileInfo(full) : new DirectoryInfo(full); current is not null && current.FullName.Length > root.Length; current = Parent(current))
        {
            if (current.LinkTarget is not null)
            {
                return $"{current.FullName} is a symbolic link; name the real {(current is FileInfo ? "file" : "folder")}";
            }
        }

        return null;
    }

    private static DirectoryInfo? Parent(FileSystemInfo info) => info switch
    {
        FileInfo f => f.Directory,
        DirectoryInfo d => d.Parent,
        _ => null,
    };
}
