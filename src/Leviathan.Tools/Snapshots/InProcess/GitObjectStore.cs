using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// The objects of a git repository, hashed, written and read in process (zlib, SHA-1), byte for byte as git stores them.
/// New objects go into one pack per store (<see cref="GitPackWriter"/>), put in place by <see cref="Flush"/>; objects are
/// found in the packs (read through their indexes) and, for repositories written before packs were used, loose.
/// </summary>
internal sealed class GitObjectStore(string gitDirectory) : IDisposable
{
    private readonly string _objects = Path.Combine(gitDirectory, "objects");
    private List<GitPack>? _packs;
    private HashSet<string>? _looseFolders;
    private GitPackWriter? _writer;

    /// <summary>The object id of <paramref name="content"/> as an object of <paramref name="type"/>, added to the new pack unless it exists.</summary>
    public byte[] Write(string type, ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{type} {content.Length}\0"));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(header);
        sha.AppendData(content);
        var id = sha.GetHashAndReset();
        if (!Contains(id))
        {
            _writer ??= new GitPackWriter(Path.Combine(_objects, "pack"));
            _writer.Add(id, type, content);
        }

        return id;
    }

    /// <summary>How many packs the repository holds (those seen when this store first looked, and its own).</summary>
    public int PackCount => Packs().Count;

    /// <summary>Puts the objects written so far in place as one pack (nothing when none was new); git sees them from then on.</summary>
    public void Flush()
    {
        if (_writer is null)
        {
            return;
        }

        using var writer = _writer;
        _writer = null;
        if (writer.Finish() is { } index && GitPack.TryOpen(index) is { } pack)
        {
            _packs?.Add(pack);
        }
    }

    /// <summary>An object's type and content; null when it is missing or stored in a way only git reads (a delta).</summary>
    public (string Type, byte[] Content)? TryRead(string hexId)
    {
        if (_writer?.TryRead(hexId) is { } added)
        {
            return added;
        }

        var id = Convert.FromHexString(hexId);
        foreach (var pack in Packs())
        {
            if (pack.Find(id) is { } offset)
            {
                return pack.TryRead(offset);
            }
        }

        return TryReadLoose(hexId);
    }

    /// <summary>Removes the pack of unflushed objects.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private bool Contains(byte[] id)
    {
        var hex = Convert.ToHexStringLower(id);
        if (_writer?.Contains(hex) == true)
        {
            return true;
        }

        foreach (var pack in Packs())
        {
            if (pack.Find(id) is not null)
            {
                return true;
            }
        }

        return LooseFolders().Contains(hex[..2]) && File.Exists(Path.Combine(_objects, hex[..2], hex[2..]));
    }

    private List<GitPack> Packs()
    {
        if (_packs is null)
        {
            _packs = [];
            var folder = Path.Combine(_objects, "pack");
            if (Directory.Exists(folder))
            {
                foreach (var index in Directory.EnumerateFiles(folder, "pack-*.idx"))
                {
                    if (GitPack.TryOpen(index) is { } pack)
                    {
                        _packs.Add(pack);
                    }
                }
            }
        }

        return _packs;
    }

    // Repositories written before packs were used keep their objects loose, one folder per first byte: only those folders are looked in.
    private HashSet<string> LooseFolders()
    {
        if (_looseFolders is null)
        {
            _looseFolders = new HashSet<string>(StringComparer.Ordinal);
            if (Directory.Exists(_objects))
            {
                foreach (var folder in Directory.EnumerateDirectories(_objects))
                {
                    var name = Path.GetFileName(folder);
                    if (name.Length == 2 && name.All(char.IsAsciiHexDigitLower))
                    {
                        _looseFolders.Add(name);
                    }
                }
            }
        }

        return _looseFolders;
    }

    private (string Type, byte[] Content)? TryReadLoose(string hexId)
    {
        var path = Path.Combine(_objects, hexId[..2], hexId[2..]);
        byte[] raw;
        try
        {
            using var file = File.OpenRead(path);
            using var zlib = new ZLibStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            zlib.CopyTo(memory);
            raw = memory.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }

        var space = Array.IndexOf(raw, (byte)' ');
        var nul = Array.IndexOf(raw, (byte)0);
        if (space < 0 || nul < space)
        {
            return null;
        }

        return (Encoding.ASCII.GetString(raw, 0, space), raw[(nul + 1)..]);
    }
}
