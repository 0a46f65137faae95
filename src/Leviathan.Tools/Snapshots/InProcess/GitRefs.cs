using System.Text;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>The references of a git repository, read (loose, then <c>packed-refs</c>) and written (loose, through a lock file) in process.</summary>
internal sealed class GitRefs(string gitDirectory)
{
    /// <summary>The object id a reference names; null when it does not exist or is not a plain id.</summary>
    public string? Read(string name)
    {
        var loose = Path.Combine(gitDirectory, name);
        if (File.Exists(loose))
        {
            var text = File.ReadAllText(loose).Trim();
            return IsObjectId(text) ? text : null;
        }

        return Packed().GetValueOrDefault(name);
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

    /// <summary>Points <paramref name="name"/> at <paramref name="objectId"/>, as git does: a lock file renamed over the reference.</summary>
    /// <exception cref="IOException">Another writer holds the lock.</exception>
    public void Write(string name, string objectId)
    {
        var path = Path.Combine(gitDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lockFile = path + ".lock";
        using (var stream = new FileStream(lockFile, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(Encoding.ASCII.GetBytes(objectId + "\n"));
        }

        File.Move(lockFile, path, overwrite: true);
    }

    private Dictionary<string, string> Packed()
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var packed = Path.Combine(gitDirectory, "packed-refs");
        if (!File.Exists(packed))
        {
            return refs;
        }

        foreach (var line in File.ReadLines(packed))
        {
            if (line.Length > 41 && line[40] == ' ' && IsObjectId(line[..40]))
            {
                refs[line[41..]] = line[..40];
            }
        }

        return refs;
    }

    private static bool IsObjectId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);
}
