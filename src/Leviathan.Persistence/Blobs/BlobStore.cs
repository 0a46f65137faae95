using System.Security.Cryptography;

namespace Leviathan.Persistence.Blobs;

/// <summary>
/// Content-addressed files under <c>&lt;home&gt;/blobs/sha256/ab/cdef…</c>: written once, shared by
/// identical content, never rewritten.
/// </summary>
public sealed class BlobStore(string root)
{
    /// <summary>The folder that holds <c>sha256/</c>.</summary>
    public string Root { get; } = root;

    /// <summary>The path a blob with this hash lives at.</summary>
    public string PathOf(string sha256) =>
        Path.Combine(Root, "sha256", sha256[..2], sha256[2..]);

    /// <summary>Stores content and returns its lowercase hex SHA-256 and size.</summary>
    public async Task<(string Sha256, long Size)> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.Combine(Root, "sha256"));
        var temp = Path.Combine(Root, "sha256", $".incoming-{Guid.NewGuid():N}");
        try
        {
            string hash;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                size = file.Length;
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var target = PathOf(hash);
            if (File.Exists(target))
            {
                return (hash, size);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer stored the same content first; identical bytes, nothing to do.
                return (hash, size);
            }

            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return (hash, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Stores bytes.</summary>
    public async Task<(string Sha256, long Size)> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await using var stream = new MemoryStream(content.ToArray(), writable: false);
        return await PutAsync(stream, cancellationToken);
    }

    /// <summary>Opens a stored blob for reading.</summary>
    /// <exception cref="FileNotFoundException">No blob has that hash.</exception>
    public Stream OpenRead(string sha256) => new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>True when a blob with that hash is stored.</summary>
    public bool Contains(string sha256) => File.Exists(PathOf(sha256));
}
