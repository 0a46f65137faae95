using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Persistence.Backups;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan backup create|list|restore</c>: backups of the store to the S3 bucket of the <c>backup</c> section (docs/backup.md).</summary>
internal static class BackupCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var backup = new Command("backup", "Back up the store to S3 (the backup section of the configuration), list the backups, restore one");
        backup.Subcommands.Add(CreateBackup(environment));
        backup.Subcommands.Add(List(environment));
        backup.Subcommands.Add(Restore(environment));
        return backup;
    }

    /// <summary>The <c>backup</c> section as options, checked; null when no bucket is set.</summary>
    internal static BackupOptions? Options(CliContext context)
    {
        var settings = context.Config.Settings<BackupSettings>();
        if (string.IsNullOrWhiteSpace(settings.Bucket))
        {
            return null;
        }

        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(settings.Endpoint) && !Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out endpoint))
        {
            throw context.Config.Rejected("backup:endpoint", "it must be an http:// or https:// URL, e.g. http://127.0.0.1:9000");
        }

        var options = new BackupOptions
        {
            Endpoint = endpoint,
            Bucket = settings.Bucket,
            Prefix = settings.Prefix,
            Region = settings.Region,
            ForcePathStyle = settings.ForcePathStyle,
            AccessKeyId = string.IsNullOrEmpty(settings.AccessKeyId) ? null : settings.AccessKeyId,
            SecretAccessKey = string.IsNullOrEmpty(settings.SecretAccessKey) ? null : settings.SecretAccessKey,
            CompressionLevel = settings.CompressionLevel,
            PartSizeBytes = settings.PartSizeBytes,
            PgDump = settings.PgDump,
        };
        try
        {
            options.Check();
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(ex.Message.Split(" (Parameter", 2)[0]);
        }

        return options;
    }

    private static BackupOptions Required(CliContext context) => Options(context) ?? throw CliException.Usage(
        "backups are not configured: backup.bucket is not set",
        "set backup.bucket (and backup.endpoint, backup.force_path_style, backup.access_key_id, backup.secret_access_key as your S3 store needs) in config.yaml or as LEVIATHAN_BACKUP__BUCKET and the like; see docs/backup.md");

    private static Command CreateBackup(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print the backup as JSON" };
        var command = new Command("create", "Snapshot the store while runs go on, compress and checksum it, and upload it") { json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var options = Required(context);
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            BackupRecord record;
            try
            {
                record = await new BackupService(options, store, context.Time).CreateAsync(cancellationToken);
            }
            catch (BackupException ex)
            {
                throw CliException.Failed(ex.Message, ex.Hint, ex);
            }

            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, Json(record));
            }
            else
            {
                await context.Stdout.WriteLineAsync(record.Key);
                await context.Stderr.WriteLineAsync(
                    $"uploaded {record.Key}: database {Size(record.DatabaseBytes)}, archive {Size(record.ArchiveBytes)}, {record.Blobs} blobs, SHA-256 {record.Sha256}");
            }

            return ExitCodes.Success;
        });
    }

    private static Command List(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON object with the backups as items" };
        var command = new Command("list", "List the backups in the bucket, newest first") { json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var options = Required(context);
            IReadOnlyList<BackupRecord> records;
            try
            {
                records = await BackupService.ListAsync(options, cancellationToken);
            }
            catch (BackupException ex)
            {
                throw CliException.Failed(ex.Message, ex.Hint, ex);
            }

            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject { ["items"] = new JsonArray([.. records.Select(r => (JsonNode)Json(r))]) });
                return ExitCodes.Success;
            }

            if (records.Count == 0)
            {
                await context.Stdout.WriteLineAsync($"no backups under s3://{options.Bucket}/{options.Prefix} yet; take one with 'leviathan backup create'");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("KEY", "CREATED", "STORE", "DATABASE", "ARCHIVE", "SHA-256");
            foreach (var record in records)
            {
                table.AddRow(
                    new Text(record.Key),
                    new Text(record.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                    new Text(record.Provider),
                    new Text(Size(record.DatabaseBytes)),
                    new Text(Size(record.ArchiveBytes)),
                    new Text(record.Sha256[..Math.Min(16, record.Sha256.Length)] + "…"));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command Restore(CliEnvironment environment)
    {
        var key = new Argument<string>("key") { Description = "The backup's key, as 'leviathan backup list' shows it" };
        var sha256 = new Option<string?>("--sha256") { Description = "The checksum the backup was created with, to pin (else the one recorded in the bucket is checked)" };
        var json = new Option<bool>("--json") { Description = "Print what was restored as JSON" };
        var command = new Command(
            "restore",
            "Download a backup, verify its SHA-256 and PRAGMA integrity_check, then replace the store (refused while a process uses it; the old database is moved aside)")
        { key, sha256, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var options = Required(context);
            var store = StoreOpener.Options(context);
            RestoreResult result;
            try
            {
                result = await new BackupRestorer(options, context.Time).RestoreAsync(context.ParseResult.GetValue(key)!, store, context.ParseResult.GetValue(sha256), cancellationToken);
            }
            catch (BackupException ex)
            {
                throw CliException.Failed(ex.Message, ex.Hint, ex);
            }

            if (context.ParseResult.GetValue(json))
            {
                var node = Json(result.Backup);
                node["database"] = result.Database;
                node["previous_database"] = result.PreviousDatabase;
                node["blobs_added"] = result.BlobsAdded;
                await CliJson.WriteAsync(context, node);
            }
            else if (store.Provider == "postgres")
            {
                await context.Stdout.WriteLineAsync($"verified {result.Backup.Key} (SHA-256 {result.Backup.Sha256}); the PostgreSQL dump is at {result.Database}");
                await context.Stdout.WriteLineAsync($"stop every leviathan process that uses the store, then: pg_restore --clean --if-exists --no-owner --dbname '<store.connection as a libpq URI>' {result.Database}");
            }
            else
            {
                await context.Stdout.WriteLineAsync($"restored {result.Backup.Key} (SHA-256 {result.Backup.Sha256}, integrity ok) into {result.Database}");
                if (result.PreviousDatabase is { } previous)
                {
                    await context.Stdout.WriteLineAsync($"the replaced database was moved to {previous}; delete it once the restored store looks right");
                }
            }

            return ExitCodes.Success;
        });
    }

    private static JsonObject Json(BackupRecord record) => new()
    {
        ["key"] = record.Key,
        ["provider"] = record.Provider,
        ["database_bytes"] = record.DatabaseBytes,
        ["archive_bytes"] = record.ArchiveBytes,
        ["sha256"] = record.Sha256,
        ["blobs"] = record.Blobs,
        ["created_at"] = record.CreatedAt,
    };

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F1} KiB"),
        _ => $"{bytes} B",
    };
}
