using System.Globalization;
using System.Text.RegularExpressions;

namespace Leviathan.Engineering.Cad;

/// <summary>
/// Rendered STL files and remembered render failures in one folder, each named by the content key of everything
/// the render read (<c>&lt;key&gt;.stl</c>, <c>&lt;key&gt;.failed</c>). Safe for several workers and processes at
/// once: an entry is written under a temporary name and renamed into place, so a reader sees a whole file or none.
/// Bounded: when the entries exceed <see cref="MaxBytes"/>, the least recently used ones (by file time, which a hit
/// renews) are removed until they fill at most nine tenths of the bound. Only files named like entries are ever
/// counted or removed.
/// </summary>
internal sealed partial class RenderCache
{
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long? _bytes; // what this process believes the entries take; recounted from the folder when over the bound

    public RenderCache(string directory, long maxBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _directory = directory;
        _time = time;
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }

    public string StlPath(string key) => Path.Combine(_directory, key + ".stl");

    /// <summary>A cached mesh (its path) or failure (OpenSCAD's messages); null when neither is cached.</summary>
    public (string? Stl, string? Failure)? TryGet(string key)
    {
        var stl = StlPath(key);
        if (Touch(stl))
        {
            return (stl, null);
        }

        var failed = FailurePath(key);
        try
        {
            var text = File.ReadAllText(failed);
            Touch(failed);
            return (null, text);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Copies a rendered STL into the cache under its key and returns the cached path.</summary>
    public string PutStl(string key, string renderedStl)
    {
        var target = StlPath(key);
        Put(target, temp => File.Copy(renderedStl, temp));
        return target;
    }

    public void PutFailure(string key, string text) => Put(FailurePath(key), temp => File.WriteAllText(temp, text));

    /// <summary>The entries' total size in bytes, counted from the folder.</summary>
    public long CountBytes() => Entries().Sum(e => e.Length);

    private string FailurePath(string key) => Path.Combine(_directory, key + ".failed");

    private void Put(string target, Action<string> write)
    {
        Directory.CreateDirectory(_directory);
        var temp = string.Create(CultureInfo.InvariantCulture, $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.SetLastWriteTimeUtc(temp, _time.GetUtcNow().UtcDateTime);
            var length = new FileInfo(temp).Length;
            File.Move(temp, target, overwrite: true);
            Added(length);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void Added(long length)
    {
        lock (_gate)
        {
            _bytes = (_bytes ?? CountBytes()) + length;
            if (_bytes <= MaxBytes)
            {
                return;
            }

            // Other processes may have added or removed entries since the last count: recount, then drop the least
            // recently used until nine tenths of the bound, so that trimming is rare rather than on every render.
            var entries = Entries().OrderBy(e => e.LastWriteTimeUtc).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
            var total = entries.Sum(e => e.Length);
            var target = MaxBytes - (MaxBytes / 10);
            foreach (var entry in entries)
            {
                if (total <= target)
                {
                    break;
                }

                File.Delete(entry.FullName);
                total -= entry.Length;
            }

            _bytes = total;
        }
    }

    private List<FileInfo> Entries()
    {
        var entries = new List<FileInfo>();
        if (!Directory.Exists(_directory))
        {
            return entries;
        }

        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles())
        {
            if (EntryName().IsMatch(file.Name))
            {
                entries.Add(file); // its length and time as enumerated
            }
        }

        return entries;
    }

    /// <summary>Renews an entry's time so it is the last to be trimmed; false when the entry is not there.</summary>
    private bool Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}\\.(stl|failed)$")]
    private static partial Regex EntryName();
}
