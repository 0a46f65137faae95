namespace Leviathan.Persistence.Backups;

/// <summary>One backup in the bucket.</summary>
/// <param name="Key">The object key (with the prefix).</param>
/// <param name="Provider"><c>sqlite</c> or <c>postgres</c>: which kind of store it holds.</param>
/// <param name="DatabaseBytes">The size of the snapshot (SQLite file or pg_dump archive) before compression.</param>
/// <param name="ArchiveBytes">The size of the compressed archive, as stored.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the compressed archive.</param>
/// <param name="Blobs">Artifact blobs included.</param>
/// <param name="CreatedAt">When the snapshot was taken.</param>
public sealed record BackupRecord(string Key, string Provider, long DatabaseBytes, long ArchiveBytes, string Sha256, int Blobs, DateTimeOffset CreatedAt);
