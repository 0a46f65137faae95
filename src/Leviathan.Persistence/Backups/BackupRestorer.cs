using System.Globalization;
using System.Security.Cryptography;
using Leviathan.Persistence.Blobs;

namespace Leviathan.Persistence.Backups;

/// <summary>
/// Restores a backup over a SQLite store: download, SHA-256 check, unpack, <c>PRAGMA integrity_check</c>, and only then,
/// when no process has the store open, the swap. The replaced database is moved aside (never deleted); blobs are added.
/// A PostgreSQL backup is downloaded and verified, and restored with <c>pg_restore</c> by the operator.
/// </summary>
public sealed class BackupRestorer(BackupOptions options, TimeProvider time)
{
    /// <summary>Restores <paramref name="key"/> into the store of <paramref name="storeOptions"/>.</summary>
    /// <param name="key">The object key, as listed.</param>
    /// <param name="storeOptions">The store to replace (its home and database file).</param>
    /// <param name="expectedSha256">The checksum the backup was answered with, to pin; null trusts the one recorded in the bucket.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="BackupException">Not found, checksum mismatch, corrupt, in use, or S3 failed; nothing was replaced.</exception>
    public async Task<RestoreResult> RestoreAsync(string key, TraceStoreOptions storeOptions, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        var database = Path.GetFullPath(storeOptions.DatabasePath);
        if (storeOptions.Provider == "sqlite")
        {
            RefuseWhenInUse(database);
        }

        var folder = Path.Combine(storeOptions.Home, "backups", $".restore-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var archive = Path.Combine(folder, Path.GetFileName(key));
            using var bucket = new BackupBucket(options);
            var record = await bucket.DownloadAsync(key, archive, cancellationToken);
            var actual = await BackupArchive.Sha256Async(archive, cancellationToken);
            foreach (var (expected, source) in new[] { (record.Sha256, "recorded with it in the bucket"), (expectedSha256, "given") })
            {
                if (expected is not null && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BackupException(
                        BackupFault.ChecksumMismatch,
                        $"the downloaded backup {key} has SHA-256 {actual}, not the {expected} {source}: it was damaged or replaced, so nothing was restored",
                        "choose another backup ('leviathan backup list'), or check the bucket's copy");
                }
            }

            if (string.IsNullOrEmpty(record.Sha256) && expectedSha256 is null)
            {
                throw new BackupException(
                    BackupFault.ChecksumMismatch,
                    $"the backup {key} has no SHA-256 recorded with it, so it cannot be verified; nothing was restored",
                    "pass the checksum the backup was answered with: --sha256 HEX");
            }

            var unpacked = Path.Combine(folder, "unpacked");
            var (provider, snapshot, _) = await BackupArchive.ExtractAsync(archive, unpacked, cancellationToken);
            if (provider != storeOptions.Provider)
            {
                throw new BackupException(
                    BackupFault.Corrupt,
                    $"the backup {key} holds a {provider} store, but this store is {storeOptions.Provider}; nothing was restored",
                    $"restore it into a {provider} store (store.provider)");
            }

            await VerifyBlobsAsync(unpacked, key, cancellationToken);
            if (provider == "postgres")
            {
                var dump = Path.Combine(storeOptions.Home, "backups", Path.GetFileName(key).Replace(BackupArchive.Extension, ".pgdump", StringComparison.Ordinal));
                File.Move(snapshot, dump, overwrite: true);
                AddBlobs(unpacked, storeOptions.Home);
                return new RestoreResult(record, dump, null, 0);
            }

            if (StoreSnapshot.IntegrityProblems(snapshot) is { } problems)
            {
                throw new BackupException(
                    BackupFault.Corrupt,
                    $"the database in backup {key} fails PRAGMA integrity_check ({problems}); nothing was restored",
                    "choose another backup ('leviathan backup list')");
            }

            // Checked again right before the swap: a process may have opened the store during the download.
            RefuseWhenInUse(database);
            string? previous = null;
            if (File.Exists(database))
            {
                previous = $"{database}.before-restore-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
                foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
                {
                    if (File.Exists(database + suffix))
                    {
                        File.Move(database + suffix, previous + suffix);
                    }
                }

                File.Move(database, previous);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            File.Move(snapshot, database);
            var added = AddBlobs(unpacked, storeOptions.Home);
            return new RestoreResult(record, database, previous, added);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException(BackupFault.Corrupt, $"the backup {key} could not be unpacked under {folder}: {ex.Message}; nothing was restored", "check that the disk has room and the home folder is writable", ex);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RefuseWhenInUse(string database)
    {
        if (StoreUse.Users(database) is { } users)
        {
            throw new BackupException(
                BackupFault.StoreInUse,
                $"the store {database} is in use ({users}), so it was not replaced",
                "stop what uses it first: 'leviathan serve' with Ctrl+C (or kill -TERM <pid>), and let running 'leviathan run' commands finish or cancel them with Ctrl+C; then restore again");
        }
    }

    // Every blob must hash to its own name; a damaged one would otherwise be served as an artifact.
    private static async Task VerifyBlobsAsync(string unpacked, string key, CancellationToken cancellationToken)
    {
        var root = Path.Combine(unpacked, "blobs", "sha256");
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var blob in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            await using var file = File.OpenRead(blob);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            var name = Path.GetFileName(Path.GetDirectoryName(blob)) + Path.GetFileName(blob);
            if (hash != name)
            {
                throw new BackupException(BackupFault.Corrupt, $"the artifact blob {name} in backup {key} does not match its hash; nothing was restored", "choose another backup ('leviathan backup list')");
            }
        }
    }

    private static int AddBlobs(string unpacked, string home)
    {
        var root = Path.Combine(unpacked, "blobs", "sha256");
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var blobs = new BlobStore(Path.Combine(home, "blobs"));
        var added = 0;
        foreach (var blob in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var target = blobs.PathOf(Path.GetFileName(Path.GetDirectoryName(blob)) + Path.GetFileName(blob));
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(blob, target);
                added++;
            }
        }

        return added;
    }
}
