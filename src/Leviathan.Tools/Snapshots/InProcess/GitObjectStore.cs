using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>The loose objects of a git repository, hashed, written and read in process (zlib, SHA-1), byte for byte as git stores them.</summary>
internal sealed class GitObjectStore(string gitDirectory)
{
    private readonly string _objects = Path.Combine(gitDirectory, "objects");

    /// <summary>The object id of <paramref name="content"/> as an object of <paramref name="type"/>, written unless it exists.</summary>
    public byte[] Write(string type, ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{type} {content.Length}\0"));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(header);
        sha.AppendData(content);
        var id = sha.GetHashAndReset();
        var path = PathOf(id);
        if (File.Exists(path))
        {
            return id;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $"tmp_obj_{Guid.NewGuid():N}");
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
        using (var zlib = new ZLibStream(file, CompressionLevel.Fastest))
        {
            zlib.Write(header);
            zlib.Write(content);
        }

        try
        {
            File.Move(temporary, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Written meanwhile by another writer: the same bytes under the same name.
            File.Delete(temporary);
        }

        return id;
    }

    /// <summary>A loose object's type and content; null when it is not stored loose (packed, or missing).</summary>
    public (string Type, byte[] Content)? TryRead(string hexId)
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

    private string PathOf(byte[] id)
    {
        var hex = Convert.ToHexStringLower(id);
        return Path.Combine(_objects, hex[..2], hex[2..]);
    }
}
