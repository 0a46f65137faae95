using System.Globalization;
using System.Security.Cryptography;

namespace Leviathan.Testing;

/// <summary>Every file under a folder with its SHA-256 and last write time: equal snapshots mean nothing in it was rewritten.</summary>
public static class FolderSnapshot
{
    /// <summary>One line per file, in path order: "relative/path SHA-256 last-write-time".</summary>
    public static IReadOnlyList<string> Of(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(folder, f), Full: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Relative} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f.Full)))} {File.GetLastWriteTimeUtc(f.Full):O}"))];

    /// <summary>The snapshot without the times: the same files with the same bytes.</summary>
    public static IReadOnlyList<string> Contents(string folder) => [.. Of(folder).Select(line => line[..line.LastIndexOf(' ')])];
}
