namespace Leviathan.Persistence.Backups;

/// <summary>
/// Where backups of the store go: an S3 bucket (AWS or any S3-compatible store such as MinIO), configuration keys
/// under <c>backup:</c>. See docs/backup.md.
/// </summary>
public sealed record BackupOptions
{
    /// <summary>The S3 endpoint, e.g. <c>http://127.0.0.1:9000</c> for MinIO; null for AWS itself (the region decides).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The bucket backups are uploaded to; it must exist.</summary>
    public required string Bucket { get; init; }

    /// <summary>Prepended to every object key, e.g. <c>leviathan/</c>.</summary>
    public string Prefix { get; init; } = "leviathan/";

    /// <summary>The bucket's region (also the signing region of S3-compatible stores).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible stores need.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>The access key id; null uses the AWS SDK's own credential chain (environment, profile, instance role).</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret access key that goes with <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>The zstd level the snapshot is compressed with (docs/backup.md has the measurements behind the default).</summary>
    public int CompressionLevel { get; init; } = 9;

    /// <summary>The <c>pg_dump</c> program that backs up a PostgreSQL store (a name on PATH or a path).</summary>
    public string PgDump { get; init; } = "pg_dump";

    /// <summary>
    /// The size of each part of a multipart upload; an archive larger than one part is uploaded in parts (S3 takes at most
    /// 5 GB in one request, and a failed part is retried alone). S3 needs at least 5 MiB per part and at most 10,000 parts.
    /// </summary>
    public long PartSizeBytes { get; init; } = DefaultPartSizeBytes;

    /// <summary>The default <see cref="PartSizeBytes"/>: 64 MiB (10,000 parts reach 640 GiB).</summary>
    public const long DefaultPartSizeBytes = 64L * 1024 * 1024;

    /// <summary>The smallest part S3 accepts (every part but the last).</summary>
    public const long MinPartSizeBytes = 5L * 1024 * 1024;

    /// <summary>How long one S3 request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the key to fix.</summary>
    public void Check()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ArgumentException("backup.bucket is required: the S3 bucket backups go to", nameof(Bucket));
        }

        if (Endpoint is { } endpoint && endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"backup.endpoint '{endpoint}' must be an http:// or https:// URL", nameof(Endpoint));
        }

        if ((AccessKeyId is null) != (SecretAccessKey is null))
        {
            throw new ArgumentException("backup.access_key_id and backup.secret_access_key go together: set both, or neither to use the AWS credential chain", nameof(AccessKeyId));
        }

        if (CompressionLevel is < 1 or > 22)
        {
            throw new ArgumentException($"backup.compression_level must be from 1 to 22 (zstd), not {CompressionLevel}", nameof(CompressionLevel));
        }

        if (PartSizeBytes is < MinPartSizeBytes or > 5L * 1024 * 1024 * 1024)
        {
            throw new ArgumentException($"backup.part_size_bytes must be from {MinPartSizeBytes} (5 MiB, the smallest part S3 takes) to 5 GiB, not {PartSizeBytes}", nameof(PartSizeBytes));
        }

        if (Prefix.StartsWith('/'))
        {
            throw new ArgumentException($"backup.prefix '{Prefix}' must not start with '/'", nameof(Prefix));
        }
    }
}
