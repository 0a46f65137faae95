namespace Leviathan.Core.Files;

/// <summary>
/// Replaces a file's content through a rename: a temporary file beside it is written, then moved over it, so that a reader
/// (in this process or another) finds the whole old content or the whole new one, never part of either.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> as the content of <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = Temporary(path);
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) as the content of <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
    {
        var temporary = Temporary(path);
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) as the content of <paramref name="path"/>.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = Temporary(path);
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Temporary(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
