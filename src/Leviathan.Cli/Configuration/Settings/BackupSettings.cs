using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The section <c>backup</c>: the S3 bucket that <c>leviathan backup</c> and <c>POST /v1/admin/backups</c> use (docs/backup.md).</summary>
internal sealed class BackupSettings
{
    public const string Section = "backup";

    /// <summary>The S3 endpoint (MinIO and other S3-compatible stores); empty for AWS, where the region decides.</summary>
    [ConfigurationKeyName("endpoint")]
    public string? Endpoint { get; set; }

    /// <summary>The bucket; backups are off until it is set.</summary>
    [ConfigurationKeyName("bucket")]
    public string? Bucket { get; set; }

    [ConfigurationKeyName("prefix")]
    public string Prefix { get; set; } = "leviathan/";

    [ConfigurationKeyName("region")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing, which most S3-compatible stores need.</summary>
    [ConfigurationKeyName("force_path_style")]
    public bool ForcePathStyle { get; set; }

    /// <summary>Empty uses the AWS SDK's credential chain (AWS_* variables, profiles, instance roles).</summary>
    [ConfigurationKeyName("access_key_id")]
    public string? AccessKeyId { get; set; }

    /// <summary>Shown masked by <c>config show</c>; better set through <c>LEVIATHAN_BACKUP__SECRET_ACCESS_KEY</c>.</summary>
    [ConfigurationKeyName("secret_access_key")]
    public string? SecretAccessKey { get; set; }

    /// <summary>The part size of multipart uploads (archives larger than one part are uploaded in parts).</summary>
    [ConfigurationKeyName("part_size_bytes")]
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long PartSizeBytes { get; set; } = Leviathan.Persistence.Backups.BackupOptions.DefaultPartSizeBytes;

    [ConfigurationKeyName("compression_level")]
    [Range(1, 22)]
    public int CompressionLevel { get; set; } = 9;

    /// <summary>The pg_dump that backs up a PostgreSQL store.</summary>
    [ConfigurationKeyName("pg_dump")]
    public string PgDump { get; set; } = "pg_dump";
}
