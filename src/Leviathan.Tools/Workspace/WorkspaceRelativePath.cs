namespace Leviathan.Tools.Workspace;

/// <summary>
/// The workspace-relative name of a path, exactly as the file system holds it. A backslash is an ordinary
/// character in a Linux file name, so it is never turned into a separator: <c>..\..\x</c> is reported as the
/// one file it creates, not as <c>../../x</c>, which would claim a write outside the workspace.
/// </summary>
internal static class WorkspaceRelativePath
{
    /// <summary>The relative form of an absolute path inside <paramref name="workspace"/>; "." for the root.</summary>
    public static string Of(WorkspaceRoot workspace, string fullPath)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var relative = Path.GetRelativePath(workspace.FullPath, fullPath);
        return relative.Length == 0 ? "." : relative;
    }
}
