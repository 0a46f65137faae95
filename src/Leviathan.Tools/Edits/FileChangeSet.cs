namespace Leviathan.Tools.Edits;

/// <summary>
/// Writes several files as one step: each new content goes to a temporary file beside its target
/// and is renamed over it; if any step fails, the files already written are put back.
/// </summary>
internal sealed class FileChangeSet
{
    private readonly List<(string Path, byte[]? Content)> _changes = [];

    /// <summary>Queues new content for a file, or its deletion when <paramref name="content"/> is null.</summary>
    public void Stage(string fullPath, byte[]? content) => _changes.Add((fullPath, content));

    /// <exception cref="IOException">A write failed; every file is as it was before.</exception>
    public void Commit()
    {
        var undo = new List<(string Path, byte[]? Original, UnixFileMode? Mode)>();
        try
        {
            foreach (var (path, content) in _changes)
            {
                var exists = File.Exists(path);
                undo.Add((path, exists ? File.ReadAllBytes(path) : null, exists ? File.GetUnixFileMode(path) : null));
                if (content is null)
                {
                    File.Delete(path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = $"{path}.leviathan-{Guid.NewGuid():N}.tmp";
                try
                {
                    File.WriteAllBytes(temporary, content);
                    if (exists)
                    {
                        File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
                    }

                    File.Move(temporary, path, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Restore(undo);
            throw new IOException($"writing the files failed ({ex.Message}); every file was restored to its previous content", ex);
        }
    }

    private static void Restore(List<(string Path, byte[]? Original, UnixFileMode? Mode)> undo)
    {
        foreach (var (path, original, mode) in Enumerable.Reverse(undo))
        {
            try
            {
                if (original is null)
                {
                    File.Delete(path);
                }
                else
                {
                    File.WriteAllBytes(path, original);
                    File.SetUnixFileMode(path, mode!.Value);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Keep restoring the others; the caller reports the original failure.
            }
        }
    }
}
