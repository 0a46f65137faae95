using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Edits;

/// <summary>
/// Writes several files of a workspace as one step: each new content goes to a temporary file beside its
/// target and is renamed over it; if any step fails, the files already written are put back. Every read and
/// write goes through <see cref="WorkspaceFileSystem"/>, so none follows a symbolic link.
/// </summary>
internal sealed class FileChangeSet
{
    private readonly WorkspaceRoot _workspace;
    private readonly List<(string Path, byte[]? Content)> _changes = [];

    public FileChangeSet(WorkspaceRoot workspace)
    {
        _workspace = workspace;
    }

    /// <summary>Queues new content for a file (a path <see cref="WorkspaceRoot.Resolve"/> returned), or its deletion when <paramref name="content"/> is null.</summary>
    public void Stage(string fullPath, byte[]? content) => _changes.Add((fullPath, content));

    /// <exception cref="IOException">A write failed; every file is as it was before.</exception>
    /// <exception cref="ToolRefusedException">A path went through a symbolic link; every file is as it was before.</exception>
    public void Commit()
    {
        var files = _workspace.Files;
        var undo = new List<(string Path, byte[]? Original, UnixFileMode Mode)>();
        try
        {
            foreach (var (path, content) in _changes)
            {
                var original = files.TryReadAllBytes(path, long.MaxValue, _ => string.Empty, out var mode);
                undo.Add((path, original, mode));
                if (content is null)
                {
                    files.Delete(path);
                    continue;
                }

                files.Replace(path, content, original is null ? null : mode);
            }
        }
        catch (ToolRefusedException ex)
        {
            Restore(files, undo);
            throw new ToolRefusedException(ex.Message + " No file was changed.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Restore(files, undo);
            throw new IOException($"writing the files failed ({ex.Message}); every file was restored to its previous content", ex);
        }
    }

    private static void Restore(WorkspaceFileSystem files, List<(string Path, byte[]? Original, UnixFileMode Mode)> undo)
    {
        foreach (var (path, original, mode) in Enumerable.Reverse(undo))
        {
            try
            {
                if (original is null)
                {
                    files.Delete(path);
                }
                else
                {
                    files.Replace(path, original, mode);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ToolRefusedException)
            {
                // Keep restoring the others; the caller reports the original failure.
            }
        }
    }
}
