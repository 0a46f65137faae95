namespace Leviathan.Persistence.Backups;

/// <summary>What a restore did.</summary>
/// <param name="Backup">The backup that was restored.</param>
/// <param name="Database">The database file that now holds the backup (SQLite), or the verified pg_dump archive (PostgreSQL).</param>
/// <param name="PreviousDatabase">Where the database that was replaced was moved, or null when there was none.</param>
/// <param name="BlobsAdded">Artifact blobs copied into the blob folder (the ones it already had are kept).</param>
public sealed record RestoreResult(BackupRecord Backup, string Database, string? PreviousDatabase, int BlobsAdded);
