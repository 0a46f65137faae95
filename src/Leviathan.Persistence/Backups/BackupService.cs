using System.Globalization;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Persistence.Backups;

/// <summary>
/// Takes a backup of a store (a consistent snapshot, compressed and checksummed) and uploads it to S3; lists the
/// backups in the bucket. One backup of a store at a time. The archive is built under <c>&lt;home&gt;/backups/</c>;
/// it is deleted once uploaded and kept (its path in the error) when the upload fails.
/// </summary>
public sealed class BackupService(BackupOptions? options, TraceStore store, TimeProvider time)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Whether a <c>backup</c> section is configured.</summary>
    public bool IsConfigured => options is not null;

    /// <summary>Fails fast, as <see cref="CreateAsync"/> would, when there is no bucket configured.</summary>
    /// <exception cref="BackupException">Not configured; the hint names the settings.</exception>
    public void EnsureConfigured() => Configured();

    /// <summary>The folder archives are built in.</summary>
    public string LocalFolder => Path.Combine(store.Options.Home, "backups");

    /// <summary>Takes and uploads a backup.</summary>
    /// <exception cref="BackupException">Not configured, already running, the snapshot failed or S3 failed.</exception>
    public async Task<BackupRecord> CreateAsync(CancellationToken cancellationToken = default)
    {
        var settings = Configured();
        if (!await _one.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new BackupException(BackupFault.InProgress, "a backup of this store is being taken right now", "wait for it to finish, then list the backups");
        }

        try
        {
            var createdAt = time.GetUtcNow();
            var provider = store.Options.Provider;
            var name = $"{createdAt.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{provider}{BackupArchive.Extension}";
            Directory.CreateDirectory(LocalFolder);
            var work = Path.Combine(LocalFolder, $".snapshot-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            var archive = Path.Combine(LocalFolder, name);
            BackupRecord record;
            try
            {
                var snapshot = await StoreSnapshot.TakeAsync(store, settings, work, cancellationToken);
                var snapshotBytes = new FileInfo(snapshot).Length;
                var (bytes, sha256, blobs) = await BackupArchive.WriteAsync(snapshot, provider, createdAt, store.Blobs.Root, archive, settings.CompressionLevel, cancellationToken);
                record = new BackupRecord(settings.Prefix + name, provider, snapshotBytes, bytes, sha256, blobs, createdAt);
            }
            catch
            {
                File.Delete(archive);
                throw;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }

            using var bucket = new BackupBucket(settings);
            try
            {
                await bucket.UploadAsync(archive, record, cancellationToken);
            }
            catch (BackupException ex)
            {
                throw new BackupException(
                    ex.Fault,
                    $"{ex.Message}; the backup is kept at {archive} (SHA-256 {record.Sha256})",
                    $"{ex.Hint}; then take a new backup, or upload that file by hand as {record.Key}",
                    ex)
                {
                    KeptArchive = archive,
                };
            }

            File.Delete(archive);
            return record;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The backups in the bucket, newest first.</summary>
    public Task<IReadOnlyList<BackupRecord>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(Configured(), cancellationToken);

    /// <summary>The backups in the bucket of <paramref name="options"/>, newest first.</summary>
    public static async Task<IReadOnlyList<BackupRecord>> ListAsync(BackupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var bucket = new BackupBucket(options);
        return await bucket.ListAsync(cancellationToken);
    }

    private BackupOptions Configured() => options ?? throw new BackupException(
        BackupFault.NotConfigured,
        "backups are not configured: there is no S3 bucket to upload to",
        "set backup.bucket (and backup.endpoint, backup.region, backup.access_key_id, backup.secret_access_key as your S3 store needs) in config.yaml or LEVIATHAN_BACKUP__* variables, then restart the server; see docs/backup.md");
}
