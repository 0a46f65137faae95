using System.ComponentModel;
using Leviathan.Persistence.Backups;

namespace Leviathan.Server.Backups;

/// <summary>One backup in the bucket.</summary>
internal sealed record BackupResource(
    [property: Description("The S3 object key, with the configured prefix; what 'leviathan backup restore' takes.")] string Key,
    [property: Description("The kind of store it holds: sqlite or postgres.")] string Provider,
    [property: Description("The size of the database snapshot before compression, in bytes.")] long DatabaseBytes,
    [property: Description("The size of the compressed archive as stored, in bytes.")] long ArchiveBytes,
    [property: Description("Lowercase hex SHA-256 of the stored archive; a restore verifies it.")] string Sha256,
    [property: Description("Artifact blobs included.")] int Blobs,
    [property: Description("When the snapshot was taken.")] DateTimeOffset CreatedAt)
{
    public static BackupResource From(BackupRecord record) =>
        new(record.Key, record.Provider, record.DatabaseBytes, record.ArchiveBytes, record.Sha256, record.Blobs, record.CreatedAt);
}
