namespace Leviathan.Tools.Policy;

/// <summary>Path arithmetic for the rules: resolving a path as a tool or a shell would, and where it lands.</summary>
internal static class PolicyPaths
{
    private const int MaxLinks = 40;

    /// <summary>Absolute, normalized, with symbolic links of existing components followed; <c>~</c> and <c>$HOME</c> become the home directory.</summary>
    public static string Resolve(string path, string baseDirectory, string home)
    {
        var expanded = ExpandHome(path, home);
        var full = Path.GetFullPath(expanded, baseDirectory);
        return FollowLinks(full, 0);
    }

    /// <summary>
    /// As <see cref="Resolve"/>, for a directory that is already canonical (resolved): only the path's own
    /// segments are looked up, which keeps a command of many words cheap to judge.
    /// </summary>
    public static string ResolveFrom(string path, string canonicalDirectory, string home)
    {
        var expanded = ExpandHome(path, home);
        if (Path.IsPathRooted(expanded) || expanded.Contains("..", StringComparison.Ordinal))
        {
            return Resolve(expanded, canonicalDirectory, home);
        }

        return FollowLinks(canonicalDirectory, expanded.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);
    }

    public static string ExpandHome(string path, string home)
    {
        if (path == "~" || path is "$HOME" or "${HOME}")
        {
            return home;
        }

        foreach (var prefix in new[] { "~/", "$HOME/", "${HOME}/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Path.Join(home, path[prefix.Length..]);
            }
        }

        return path;
    }

    /// <summary>Whether <paramref name="path"/> is the workspace or inside it.</summary>
    public static bool IsInside(string path, string workspace) =>
        path == workspace || path.StartsWith(workspace.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="path"/> is the workspace or one of the directories above it.</summary>
    public static bool IsWorkspaceOrAbove(string path, string workspace) =>
        path == "/" || path == workspace || workspace.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The canonical workspace directory.</summary>
    public static string Workspace(string workspace) => FollowLinks(Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace)), 0);

    private static string FollowLinks(string absolutePath, int depth)
    {
        if (depth > MaxLinks)
        {
            return absolutePath;
        }

        return FollowLinks("/", absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries), depth);
    }

    private static string FollowLinks(string start, string[] segments, int depth)
    {
        var current = start;
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            if (segment == ".")
            {
                continue;
            }

            var candidate = Path.Join(current, segment);
            string? target = null;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            current = target is null
                ? candidate
                : FollowLinks(Path.IsPathRooted(target) ? target : Path.Join(current, target), depth + 1);
        }

        return current;
    }
}
