using System.Globalization;
using System.Text;
using Leviathan.Tools.Workspace;
using Microsoft.Win32.SafeHandles;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// <c>git add --all</c> and <c>git write-tree</c> in process, for the snapshot repository: the work tree's files (regular
/// files and symbolic links, never followed) minus what <c>.gitignore</c> files and the repository's exclude list ignore, plus every
/// file the index already tracks; unchanged files (same stat as in the index, not racily clean) are not read again.
/// Where git's own rules go beyond what this reproduces exactly — a nested repository (a gitlink), a name git refuses or
/// that is not UTF-8, a special file that is tracked, an index it cannot read — <see cref="Scan"/> returns null and
/// the caller runs git itself, so a snapshot is always what git would have recorded.
/// </summary>
internal sealed class WorkTreeScanner
{
    private const uint FileMode = 0x81A4;
    private const uint ExecutableMode = 0x81ED;
    private const uint SymlinkMode = 0xA000;
    private const uint GitlinkMode = 0xE000;
    private const long LargestFileReadInProcess = 256L * 1024 * 1024;

    private readonly string _workTree;
    private readonly GitObjectStore _objects;
    private readonly List<GitIgnorePattern> _excludeFile;
    private readonly Dictionary<string, GitIndexEntry> _tracked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _trackedDirectories = new(StringComparer.Ordinal);
    private readonly GitFileStat _indexStat;
    private readonly bool _haveIndex;
    private readonly List<List<GitIgnorePattern>> _ignoreStack = [];
    private readonly List<GitIndexEntry> _entries = [];

    /// <param name="workTree">The work tree (canonical path).</param>
    /// <param name="objects">Where new blobs and trees are written.</param>
    /// <param name="exclude">The repository's <c>info/exclude</c> (the same text git is given).</param>
    /// <param name="index">The index to start from (its entries are tracked, its stat data a cache), or null for none.</param>
    public WorkTreeScanner(string workTree, GitObjectStore objects, string exclude, (List<GitIndexEntry> Entries, GitFileStat FileStat)? index)
    {
        _workTree = workTree;
        _objects = objects;
        _excludeFile = GitIgnorePattern.Parse(Encoding.UTF8.GetBytes(exclude), []);
        if (index is { } known)
        {
            _haveIndex = true;
            _indexStat = known.FileStat;
            foreach (var entry in known.Entries)
            {
                var path = Encoding.UTF8.GetString(entry.Path);
                _tracked[path] = entry;
                for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
                {
                    _trackedDirectories.Add(path[..slash]);
                }
            }
        }
    }

    /// <summary>The index entries and tree of the work tree as it is now; null when git must do it (see the class summary).</summary>
    /// <exception cref="IOException">The work tree could not be read.</exception>
    public WorkTreeScan? Scan()
    {
        if (_tracked.Values.Any(e => (e.Mode & 0xF000) == GitlinkMode || Encoding.UTF8.GetString(e.Path).Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return null;
        }

        try
        {
            if (!Walk(string.Empty, excluded: false))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder or file that cannot be read: git reports it its own way.
            return null;
        }

        _entries.Sort((a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path));
        var tree = WriteTree(0, _entries.Count, 0);
        return new WorkTreeScan(_entries, Convert.ToHexStringLower(tree));
    }

    /// <returns>False when git must decide (a nested repository, a name this does not reproduce).</returns>
    private bool Walk(string directory, bool excluded)
    {
        var full = directory.Length == 0 ? _workTree : Path.Join(_workTree, directory);
        var pushed = false;
        if (!excluded)
        {
            var ignoreFile = Path.Join(full, ".gitignore");
            // git reads a .gitignore only when it is a regular file: a link is never followed.
            if (GitStat.TryLstat(ignoreFile) is { Kind: GitStat.EntryKind.File })
            {
                _ignoreStack.Add(GitIgnorePattern.Parse(File.ReadAllBytes(ignoreFile), directory.Length == 0 ? [] : Encoding.UTF8.GetBytes(directory + "/")));
                pushed = true;
            }
        }

        try
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(full))
            {
                var name = Path.GetFileName(child);
                if (name == ".git")
                {
                    if (directory.Length > 0)
                    {
                        // A nested repository: git records it as a gitlink (or refuses one without a commit).
                        return false;
                    }

                    continue;
                }

                if (!Reproducible(name))
                {
                    return false;
                }

                var path = directory.Length == 0 ? name : directory + "/" + name;
                if (GitStat.TryLstat(child) is not { } stat)
                {
                    // Removed while listed.
                    continue;
                }

                var pathBytes = Encoding.UTF8.GetBytes(path);
                switch (stat.Kind)
                {
                    case GitStat.EntryKind.Directory:
                        if (!excluded && !IsIgnored(pathBytes, isDirectory: true))
                        {
                            if (!Walk(path, excluded: false))
                            {
                                return false;
                            }
                        }
                        else if (_trackedDirectories.Contains(path) && !Walk(path, excluded: true))
                        {
                            return false;
                        }

                        break;
                    case GitStat.EntryKind.File or GitStat.EntryKind.Symlink:
                        var tracked = _tracked.GetValueOrDefault(path);
                        if (tracked is null && (excluded || IsIgnored(pathBytes, isDirectory: false)))
                        {
                            break;
                        }

                        if (stat.Kind == GitStat.EntryKind.Symlink && name.StartsWith(".git", StringComparison.OrdinalIgnoreCase))
                        {
                            // git refuses a link named like its own files (.gitmodules, .gitattributes, ...).
                            return false;
                        }

                        if (Entry(child, pathBytes, stat, tracked) is not { } entry)
                        {
                            return false;
                        }

                        _entries.Add(entry);
                        break;
                    default:
                        if (_tracked.ContainsKey(path))
                        {
                            // A tracked file replaced by a pipe or a device: git reports it.
                            return false;
                        }

                        break;
                }
            }
        }
        finally
        {
            if (pushed)
            {
                _ignoreStack.RemoveAt(_ignoreStack.Count - 1);
            }
        }

        return true;
    }

    private GitIndexEntry? Entry(string fullPath, byte[] path, GitStat.Result stat, GitIndexEntry? tracked)
    {
        var mode = stat.Kind == GitStat.EntryKind.Symlink ? SymlinkMode : stat.Executable ? ExecutableMode : FileMode;
        if (tracked is not null && tracked.Mode == mode && tracked.Stat == stat.Stat && _haveIndex
            && !stat.Stat.ModifiedNoEarlierThan(_indexStat.MtimeSeconds, _indexStat.MtimeNanoseconds))
        {
            // Unchanged since the index was written, and not racily so: git would not read it again either.
            return tracked with { Path = path };
        }

        byte[] content;
        if (stat.Kind == GitStat.EntryKind.Symlink)
        {
            var target = new FileInfo(fullPath).LinkTarget;
            if (target is null || target.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return null;
            }

            content = Encoding.UTF8.GetBytes(target);
        }
        else
        {
            if (stat.FullSize > LargestFileReadInProcess || ReadNoFollow(fullPath) is not { } read)
            {
                return null;
            }

            content = read;
        }

        return new GitIndexEntry(path, mode, _objects.Write("blob", content), stat.Stat);
    }

    private static byte[]? ReadNoFollow(string fullPath)
    {
        var fd = LinuxFileCalls.Openat(LinuxFileCalls.AtFdCwd, fullPath, LinuxFileCalls.ReadOnly | LinuxFileCalls.NoFollow | LinuxFileCalls.CloseOnExec | LinuxFileCalls.NonBlocking, 0);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var length = RandomAccess.GetLength(handle);
        if (length > LargestFileReadInProcess)
        {
            return null;
        }

        using var stream = new FileStream(handle, FileAccess.Read, 0);
        using var memory = new MemoryStream((int)length);
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Whether git records a name as it is: valid UTF-8, and not one of the spellings of .git that git refuses.</summary>
    private static bool Reproducible(string name)
    {
        foreach (var c in name)
        {
            // Not UTF-8 (replaced), or a character HFS+ ignores (git's protectHFS looks through them for ".git").
            if (c == '\uFFFD' || (c >= '\u200C' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u206A' && c <= '\u206F') || c == '\uFEFF')
            {
                return false;
            }
        }

        // git's protectNTFS refuses ".git" followed by dots or spaces, any case, and the short name "git~1".
        if (name.StartsWith(".git", StringComparison.OrdinalIgnoreCase) && name[4..].All(c => c is '.' or ' '))
        {
            return false;
        }

        return !name.StartsWith("git~", StringComparison.OrdinalIgnoreCase);
    }

    private bool IsIgnored(byte[] path, bool isDirectory)
    {
        // The deepest .gitignore first, each from its last line up; info/exclude last. The first match decides.
        for (var list = _ignoreStack.Count - 1; list >= 0; list--)
        {
            if (LastMatch(_ignoreStack[list], path, isDirectory) is { } decided)
            {
                return decided;
            }
        }

        return LastMatch(_excludeFile, path, isDirectory) ?? false;
    }

    private static bool? LastMatch(List<GitIgnorePattern> patterns, byte[] path, bool isDirectory)
    {
        for (var i = patterns.Count - 1; i >= 0; i--)
        {
            if (patterns[i].Matches(path, isDirectory))
            {
                return !patterns[i].Negative;
            }
        }

        return null;
    }

    /// <summary>Writes the tree of entries [start, end), all under the same directory whose path is <paramref name="prefix"/> bytes long (with its slash).</summary>
    private byte[] WriteTree(int start, int end, int prefix)
    {
        var children = new List<(byte[] Name, bool IsTree, uint Mode, byte[] Id)>();
        var i = start;
        while (i < end)
        {
            var path = _entries[i].Path;
            var slash = path.AsSpan(prefix).IndexOf((byte)'/');
            if (slash < 0)
            {
                children.Add((path[prefix..], false, _entries[i].Mode, _entries[i].ObjectId));
                i++;
                continue;
            }

            var name = path.AsSpan(prefix, slash);
            var j = i + 1;
            while (j < end && _entries[j].Path.Length > prefix + slash && _entries[j].Path.AsSpan(prefix, slash).SequenceEqual(name) && _entries[j].Path[prefix + slash] == '/')
            {
                j++;
            }

            children.Add((name.ToArray(), true, 0x4000, WriteTree(i, j, prefix + slash + 1)));
            i = j;
        }

        // git orders a tree's entries by name, a subtree's name compared as if it ended in '/'.
        children.Sort((a, b) => TreeOrder(a.Name, a.IsTree, b.Name, b.IsTree));
        using var content = new MemoryStream();
        foreach (var (name, _, mode, id) in children)
        {
            content.Write(Encoding.ASCII.GetBytes(Convert.ToString(mode, 8)));
            content.WriteByte((byte)' ');
            content.Write(name);
            content.WriteByte(0);
            content.Write(id);
        }

        return _objects.Write("tree", content.ToArray());
    }

    private static int TreeOrder(byte[] a, bool aTree, byte[] b, bool bTree)
    {
        var common = Math.Min(a.Length, b.Length);
        var compared = a.AsSpan(0, common).SequenceCompareTo(b.AsSpan(0, common));
        if (compared != 0)
        {
            return compared;
        }

        int Next(byte[] name, bool tree) => name.Length > common ? name[common] : tree ? '/' : 0;
        return Next(a, aTree).CompareTo(Next(b, bTree));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_workTree}: {_entries.Count} entries");
}
