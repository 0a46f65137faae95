using System.Text;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// The references of a git repository, read (loose, then <c>packed-refs</c>, as git does) and written in process. Writes go
/// to <c>packed-refs</c>, replaced through its lock file as git does: a checkpoint's branch and tag in one file, with no
/// folder or file per reference.
/// </summary>
internal sealed class GitRefs(string gitDirectory)
{
    private const string PackedHeader = "# pack-refs with: peeled fully-peeled sorted ";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    /// <summary>The object id a reference names; null when it does not exist or is not a plain id.</summary>
    public string? Read(string name)
    {
        var loose = Path.Combine(gitDirectory, name);
        if (File.Exists(loose))
        {
            var text = File.ReadAllText(loose).Trim();
            return IsObjectId(text) ? text : null;
        }

        return Packed().GetValueOrDefault(name).Id;
    }

    /// <summary>The names of the references that start with <paramref name="prefix"/> (such as <c>refs/tags/step-</c>).</summary>
    public IEnumerable<string> Names(string prefix)
    {
        var names = new HashSet<string>(Packed().Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)), StringComparer.Ordinal);
        var folder = Path.Combine(gitDirectory, Path.GetDirectoryName(prefix)!);
        if (Directory.Exists(folder))
        {
            var start = Path.GetFileName(prefix);
            foreach (var file in Directory.EnumerateFiles(folder, start + "*"))
            {
                var name = Path.GetFileName(file);
                if (!name.EndsWith(".lock", StringComparison.Ordinal))
                {
                    names.Add(Path.GetDirectoryName(prefix)! + "/" + name);
                }
            }
        }

        return names;
    }

    /// <summary>Where HEAD points: the branch it names, or null when it is detached or unreadable.</summary>
    public string? HeadBranch()
    {
        var head = Path.Combine(gitDirectory, "HEAD");
        if (!File.Exists(head))
        {
            return null;
        }

        var text = File.ReadAllText(head).Trim();
        return text.StartsWith("ref: refs/heads/", StringComparison.Ordinal) ? text["ref: ".Length..] : null;
    }

    /// <summary>
    /// Points each reference at its object id in <c>packed-refs</c> (under <c>packed-refs.lock</c>, which git honours too), then
    /// removes loose files of the same names, which would otherwise win over the packed entries.
    /// </summary>
    /// <exception cref="SnapshotException">Another writer held the lock for longer than a checkpoint takes.</exception>
    public void Write(IReadOnlyList<(string Name, string ObjectId)> references)
    {
        var packed = Path.Combine(gitDirectory, "packed-refs");
        var lockFile = packed + ".lock";
        using (var stream = Lock(lockFile))
        {
            try
            {
                var entries = Packed();
                foreach (var (name, id) in references)
                {
                    entries[name] = (id, null);
                }

                var text = new StringBuilder(PackedHeader).Append('\n');
                foreach (var (name, (id, peeled)) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    text.Append(id).Append(' ').Append(name).Append('\n');
                    if (peeled is not null)
                    {
                        text.Append('^').Append(peeled).Append('\n');
                    }
                }

                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            }
            catch
            {
                stream.Dispose();
                File.Delete(lockFile);
                throw;
            }
        }

        File.Move(lockFile, packed, overwrite: true);
        foreach (var (name, _) in references)
        {
            var loose = Path.Combine(gitDirectory, name);
            if (File.Exists(loose))
            {
                File.Delete(loose);
            }
        }
    }

    private static FileStream Lock(string lockFile)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            }
            catch (IOException ex) when (LockFile.HeldByAnother(ex, lockFile))
            {
                if (waited.Elapsed >= LockWait)
                {
                    throw new SnapshotException(
                        $"The snapshot references are locked by '{lockFile}' for more than {LockWait.TotalSeconds:0} s; if no Leviathan or git process is working on this workspace, delete that file and try again.");
                }

                // Another checkpoint of the same workspace is writing its references; git waits on this lock the same way.
                Thread.Sleep(5);
            }
        }
    }

    private Dictionary<string, (string? Id, string? Peeled)> Packed()
    {
        var refs = new Dictionary<string, (string? Id, string? Peeled)>(StringComparer.Ordinal);
        var packed = Path.Combine(gitDirectory, "packed-refs");
        if (!File.Exists(packed))
        {
            return refs;
        }

        string? last = null;
        foreach (var line in File.ReadLines(packed))
        {
            if (line.Length > 41 && line[40] == ' ' && IsObjectId(line[..40]))
            {
                last = line[41..];
                refs[last] = (line[..40], null);
            }
            else if (line.Length == 41 && line[0] == '^' && last is not null && IsObjectId(line[1..]))
            {
                refs[last] = (refs[last].Id, line[1..]);
            }
        }

        return refs;
    }

    private static bool IsObjectId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);
}
