using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ZstdSharp;

namespace Leviathan.Persistence.Backups;

/// <summary>
/// The file a backup uploads: a tar stream compressed with zstd (<c>.tar.zst</c>, readable with
/// <c>tar --zstd -xf</c>) holding <c>manifest.json</c>, the database snapshot and the artifact blobs
/// (<c>blobs/sha256/ab/cdef…</c>). Its SHA-256 is taken over the compressed bytes, exactly what is stored.
/// </summary>
internal static class BackupArchive
{
    public const string Extension = ".tar.zst";
    private const string ManifestEntry = "manifest.json";
    private const int FormatVersion = 1;

    /// <summary>Writes the archive and returns its size, SHA-256 and the number of blobs in it.</summary>
    public static async Task<(long Bytes, string Sha256, int Blobs)> WriteAsync(
        string snapshot, string provider, DateTimeOffset createdAt, string blobRoot, string target, int level, CancellationToken cancellationToken)
    {
        var blobs = Directory.Exists(Path.Combine(blobRoot, "sha256"))
            ? Directory.EnumerateFiles(Path.Combine(blobRoot, "sha256"), "*", SearchOption.AllDirectories)
                .Where(path => IsBlobName(Path.GetRelativePath(blobRoot, path).Replace('\\', '/')))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var snapshotBytes = new FileInfo(snapshot).Length;
        await using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await using (var zstd = new CompressionStream(file, level, leaveOpen: true))
            {
                await using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
                var manifest = new PaxTarEntry(TarEntryType.RegularFile, ManifestEntry)
                {
                    DataStream = new MemoryStream(Manifest(provider, createdAt, snapshotBytes, blobs.Count)),
                };
                await tar.WriteEntryAsync(manifest, cancellationToken);
                await tar.WriteEntryAsync(snapshot, Path.GetFileName(snapshot), cancellationToken);
                foreach (var blob in blobs)
                {
                    await tar.WriteEntryAsync(blob, Path.GetRelativePath(blobRoot, blob).Replace('\\', '/').Insert(0, "blobs/"), cancellationToken);
                }
            }

            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }

        return (new FileInfo(target).Length, await Sha256Async(target, cancellationToken), blobs.Count);
    }

    /// <summary>Lowercase hex SHA-256 of a file.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    /// <summary>
    /// Unpacks an archive into <paramref name="folder"/>. Only the names a backup writes are accepted, so no entry can land
    /// outside the folder; anything else means the file is not one of our backups.
    /// </summary>
    /// <returns>The provider the manifest names and the path of the unpacked snapshot.</returns>
    public static async Task<(string Provider, string Snapshot, int Blobs)> ExtractAsync(string archive, string folder, CancellationToken cancellationToken)
    {
        string? provider = null;
        string? snapshot = null;
        var blobs = 0;
        try
        {
            await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var zstd = new DecompressionStream(file);
            await using var tar = new TarReader(zstd);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw Corrupt(archive, $"it holds a {entry.EntryType} entry '{entry.Name}'; backups hold regular files only");
                }

                var name = entry.Name;
                if (name == ManifestEntry)
                {
                    using var manifest = JsonDocument.Parse(entry.DataStream ?? Stream.Null);
                    if (manifest.RootElement.GetProperty("format").GetInt32() != FormatVersion)
                    {
                        throw Corrupt(archive, "it was written in a newer backup format; use the Leviathan version that wrote it");
                    }

                    provider = manifest.RootElement.GetProperty("provider").GetString();
                    continue;
                }

                if (name is not (StoreSnapshot.SqliteEntry or StoreSnapshot.PostgresEntry) && !(name.StartsWith("blobs/", StringComparison.Ordinal) && IsBlobName(name[6..])))
                {
                    throw Corrupt(archive, $"it holds an entry '{name}' that a backup never writes");
                }

                var target = Path.Combine(folder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
                if (name.StartsWith("blobs/", StringComparison.Ordinal))
                {
                    blobs++;
                }
                else
                {
                    snapshot = target;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ZstdException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or EndOfStreamException)
        {
            throw Corrupt(archive, ex.Message);
        }

        if (provider is null || snapshot is null)
        {
            throw Corrupt(archive, provider is null ? "it has no manifest.json" : "it holds no database snapshot");
        }

        return (provider, snapshot, blobs);
    }

    // blobs/sha256/ab/<62 hex>: exactly what BlobStore writes, so a name can never climb out of the folder.
    private static bool IsBlobName(string relative)
    {
        var parts = relative.Split('/');
        return parts is ["sha256", var head, var tail] && head.Length == 2 && tail.Length == 62 && IsHex(head) && IsHex(tail);
    }

    private static bool IsHex(string text) => text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static byte[] Manifest(string provider, DateTimeOffset createdAt, long databaseBytes, int blobs)
    {
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteString("provider", provider);
            writer.WriteString("created_at", createdAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("database_bytes", databaseBytes);
            writer.WriteNumber("blobs", blobs);
            writer.WriteEndObject();
        }

        return output.ToArray();
    }

    private static BackupException Corrupt(string archive, string why) =>
        new(BackupFault.Corrupt, $"{archive} is not a readable Leviathan backup: {why}", "choose another backup ('leviathan backup list'); this one was not restored");
}
