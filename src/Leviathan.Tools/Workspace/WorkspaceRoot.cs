using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Workspace;

/// <summary>
/// The one place that turns a path from a model into a file on disk. Paths are relative to the
/// workspace; absolute paths, <c>..</c> segments and symbolic links that resolve outside are refused.
/// </summary>
/// <remarks>
/// This check gives the model a clear message ("resolves to '/etc/passwd' through a symbolic link"). It is
/// not the boundary: the file operations themselves go through <see cref="Files"/>, which resolves the path
/// again in the kernel, beneath a descriptor of the workspace and refusing every symbolic link, so a link
/// swapped in between the check and the use is refused rather than followed.
/// </remarks>
public sealed class WorkspaceRoot
{
    /// <summary>
    /// The folder at the workspace root for the workspace's Leviathan settings (<c>policy.yaml</c>); listings
    /// skip it and tools may not write into it. Leviathan's own state about a workspace is never kept here
    /// (see <see cref="WorkspaceStateFolder"/>).
    /// </summary>
    public const string ReservedFolder = ".leviathan";

    private const int MaxLinkDepth = 40;

    /// <summary>Opens a workspace at an existing directory.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public WorkspaceRoot(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The workspace '{directory}' does not exist or is not a directory.");
        }

        // An existing folder is named by the kernel in three calls; the walk below costs one readlink per component.
        FullPath = Sandbox.WorkspaceGuard.KernelRealPath(full) ?? Canonicalize(full, 0);
        Files = new WorkspaceFileSystem(this);
    }

    /// <summary>The race-free, no-follow file operations on this workspace.</summary>
    internal WorkspaceFileSystem Files { get; }

    /// <summary>The absolute workspace directory with every symbolic link resolved.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Resolves a workspace-relative path to an absolute one inside the workspace, following
    /// symbolic links. The file need not exist.
    /// </summary>
    /// <exception cref="ToolRefusedException">The path is empty, absolute, contains <c>..</c>, or leads outside.</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ToolRefusedException("The path is empty. Give a path relative to the workspace root, for example 'src/main.c' or '.'.");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ToolRefusedException($"The path '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.");
        }

        if (Path.IsPathRooted(path))
        {
            throw new ToolRefusedException(
                $"'{path}' is an absolute path; paths are relative to the workspace root (for example '{path.TrimStart('/')}').");
        }

        if (path.StartsWith('~'))
        {
            throw new ToolRefusedException($"'{path}' points into a home directory; paths are relative to the workspace root.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            throw new ToolRefusedException($"'{path}' contains '..'; paths may not leave the workspace. Use a path relative to the workspace root.");
        }

        var lexical = Path.Join(FullPath, string.Join('/', segments.Where(s => s != ".")));
        var canonical = Canonicalize(lexical, 0);
        if (!Contains(canonical))
        {
            throw new ToolRefusedException(
                $"'{path}' resolves to '{canonical}' through a symbolic link, which is outside the workspace.");
        }

        return canonical;
    }

    /// <summary>
    /// Like <see cref="Resolve"/>, for a file a tool is about to create, change or delete: also refuses
    /// Leviathan's own <see cref="ReservedFolder"/> and the inside of any <c>.git</c> folder (whose hooks
    /// would run on the host).
    /// </summary>
    /// <exception cref="ToolRefusedException">The path may not be written.</exception>
    public string ResolveForWrite(string path)
    {
        var full = Resolve(path);
        var segments = ToRelative(full).Split('/');
        if (segments[0] == ReservedFolder)
        {
            throw new ToolRefusedException(
                $"'{path}' is inside {ReservedFolder}/, which holds the workspace's Leviathan settings; tools may not change it.");
        }

        if (segments.Contains(".git"))
        {
            throw new ToolRefusedException(
                $"'{path}' is inside a .git folder; change the repository with git commands, not by writing its files.");
        }

        return full;
    }

    /// <summary>Whether an absolute, canonical path is the workspace or inside it.</summary>
    public bool Contains(string canonicalPath) =>
        string.Equals(canonicalPath, FullPath, StringComparison.Ordinal)
        || canonicalPath.StartsWith(FullPath.EndsWith('/') ? FullPath : FullPath + "/", StringComparison.Ordinal);

    /// <summary>The workspace-relative form of an absolute path inside the workspace, with forward slashes; "." for the root.</summary>
    public string ToRelative(string fullPath)
    {
        // A backslash is an ordinary character in a Linux file name, never a separator: '..\..\x' is one file
        // in the workspace, not '../../x'.
        var relative = Path.GetRelativePath(FullPath, fullPath);
        return relative.Length == 0 ? "." : relative;
    }

    // Like realpath(3), but tolerant of missing trailing components (a file about to be created).
    private static string Canonicalize(string absolutePath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new ToolRefusedException($"'{absolutePath}' goes through too many symbolic links.");
        }

        var current = "/";
        foreach (var segment in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = Path.Join(current, segment);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }

            var joined = Path.IsPathRooted(target) ? target : Path.Join(current, target);
            current = Canonicalize(joined, depth + 1);
        }

        return current;
    }
}
