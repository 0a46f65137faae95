using System.Formats.Tar;
using System.IO.Compression;

namespace Leviathan.Server.Workspaces;

/// <summary>
/// Unpacks an untrusted <c>.tar.gz</c> into an empty folder so that nothing lands outside it: entry names must be relative
/// without <c>..</c>; nothing is written through a symbolic link; a symbolic link must be relative and resolve inside the
/// folder; a hard link must name a regular file unpacked before it (its content is copied, no link to any outside inode is
/// made); devices and pipes are refused; set-id bits are dropped. The unpacked size and the number of entries are bounded.
/// </summary>
internal static class TarGzExtractor
{
    private const UnixFileMode Allowed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <exception cref="ArchiveRefusedException">The archive is malformed, hostile or over a limit; the caller removes the folder.</exception>
    public static async Task<ArchiveSummary> ExtractAsync(Stream gzip, string root, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(root);
        var links = new List<string>();
        var (files, bytes, entries) = (0, 0L, 0);
        try
        {
            await using var decompressed = new GZipStream(gzip, CompressionMode.Decompress);
            await using var reader = new TarReader(decompressed);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (++entries > limits.MaxEntries)
                {
                    throw new ArchiveRefusedException($"the archive has more than {limits.MaxEntries} entries", tooLarge: true);
                }

                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                {
                    continue;
                }

                var target = Target(root, entry.Name);
                if (target == root)
                {
                    continue;
                }

                EnsureNoLinkOnTheWay(root, target, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        bytes += entry.Length;
                        Check(bytes, limits);
                        await WriteAsync(target, entry.DataStream, Mode(entry.Mode), entry.Name, cancellationToken);
                        files++;
                        break;
                    case TarEntryType.HardLink:
                        var source = Target(root, entry.LinkName);
                        EnsureNoLinkOnTheWay(root, source, entry.LinkName);
                        if (!File.Exists(source) || new FileInfo(source).LinkTarget is not null)
                        {
                            throw new ArchiveRefusedException($"the hard link '{entry.Name}' names '{entry.LinkName}', which is not a regular file unpacked before it");
                        }

                        bytes += new FileInfo(source).Length;
                        Check(bytes, limits);
                        await using (var content = File.OpenRead(source))
                        {
                            await WriteAsync(target, content, File.GetUnixFileMode(source), entry.Name, cancellationToken);
                        }

                        files++;
                        break;
                    case TarEntryType.SymbolicLink:
                        if (string.IsNullOrEmpty(entry.LinkName) || entry.LinkName.StartsWith('/') || entry.LinkName.Contains('\0', StringComparison.Ordinal))
                        {
                            throw new ArchiveRefusedException($"the symbolic link '{entry.Name}' points to '{entry.LinkName}'; only relative links inside the archive are allowed");
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        if (Path.Exists(target) || new FileInfo(target).LinkTarget is not null)
                        {
                            throw new ArchiveRefusedException($"the symbolic link '{entry.Name}' replaces an entry unpacked before it");
                        }

                        File.CreateSymbolicLink(target, entry.LinkName);
                        links.Add(target);
                        break;
                    default:
                        throw new ArchiveRefusedException($"'{entry.Name}' is a {entry.EntryType} entry; only files, folders and links are allowed");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ArchiveRefusedException($"the body is not a gzip-compressed tar archive: {ex.Message}", malformed: true);
        }
        catch (EndOfStreamException)
        {
            throw new ArchiveRefusedException("the body is not a gzip-compressed tar archive: it ends in the middle of an entry", malformed: true);
        }
        catch (FormatException ex)
        {
            throw new ArchiveRefusedException($"the tar archive is malformed: {ex.Message}", malformed: true);
        }

        // Checked once everything is there: a link may point at a folder that comes later, and links may chain.
        foreach (var link in links)
        {
            if (Resolve(link) is not { } real || !(real == root || real.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                throw new ArchiveRefusedException($"the symbolic link '{Path.GetRelativePath(root, link)}' resolves outside the archive's folder (or to nothing)");
            }
        }

        return new ArchiveSummary(files, bytes);
    }

    private static void Check(long bytes, ArchiveLimits limits)
    {
        if (bytes > limits.MaxBytes)
        {
            throw new ArchiveRefusedException($"the archive unpacks to more than {limits.MaxBytes} bytes", tooLarge: true);
        }
    }

    /// <summary>The full path of an entry, refusing absolute names and any <c>..</c>.</summary>
    private static string Target(string root, string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('/') || name.Contains('\0', StringComparison.Ordinal)
            || name.Split('/').Any(part => part == ".."))
        {
            throw new ArchiveRefusedException($"the entry '{name}' would be unpacked outside the archive's folder; names must be relative, without '..'");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, name)));
        if (full != root && !full.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new ArchiveRefusedException($"the entry '{name}' would be unpacked outside the archive's folder");
        }

        return full;
    }

    /// <summary>Refuses an entry whose parent folders include a symbolic link (a write through it could land anywhere).</summary>
    private static void EnsureNoLinkOnTheWay(string root, string target, string name)
    {
        for (var folder = Path.GetDirectoryName(target); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                throw new ArchiveRefusedException($"the entry '{name}' would be written through the symbolic link '{Path.GetRelativePath(root, folder)}'");
            }
        }
    }

    private static async Task WriteAsync(string target, Stream? content, UnixFileMode mode, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var existing = new FileInfo(target);
        if (existing.LinkTarget is not null || Directory.Exists(target))
        {
            throw new ArchiveRefusedException($"the entry '{name}' would replace a link or folder unpacked before it");
        }

        if (existing.Exists)
        {
            existing.Delete();
        }

        // CreateNew (O_EXCL) never follows a link that appeared meanwhile.
        await using var file = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        if (content is not null)
        {
            await content.CopyToAsync(file, cancellationToken);
        }
    }

    private static UnixFileMode Mode(UnixFileMode mode) => (mode & Allowed) | UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The real path of <paramref name="path"/>, following every link on the way (as realpath(3)); null when it does not exist or links loop.</summary>
    private static string? Resolve(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        for (var hops = 0; pending.Count > 0;)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is { } link)
            {
                if (++hops > 40)
                {
                    return null;
                }

                foreach (var linked in link.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(linked);
                }

                if (link.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            if (!Path.Exists(next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
