using Leviathan.Persistence.Backups;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Backups;

/// <summary>Backups of the store to S3 for admins (docs/backup.md): take one now, list them.</summary>
internal static partial class BackupsApi
{
    public static void MapBackupsApi(this IEndpointRouteBuilder v1)
    {
        var backups = v1.MapGroup("/admin/backups").WithTags("Backups").RequireAuthorization(Roles.Admin);

        backups.MapPost("", CreateAsync)
            .WithName("createBackup")
            .WithSummary("Take a consistent snapshot of the store while runs go on, compress it (zstd), checksum it (SHA-256) and upload it to the configured S3 bucket")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .Secured();

        backups.MapGet("", ListAsync)
            .WithName("listBackups")
            .WithSummary("List the backups in the configured S3 bucket, newest first")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .Secured();
    }

    private static async Task<Results<Created<BackupResource>, ProblemHttpResult>> CreateAsync(
        BackupService backups, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        try
        {
            var record = await backups.CreateAsync(cancellationToken);
            Log.BackupTaken(logs.CreateLogger(typeof(BackupsApi)), record.Key, record.DatabaseBytes, record.ArchiveBytes, record.Sha256);
            return TypedResults.Created((string?)null, BackupResource.From(record));
        }
        catch (BackupException ex)
        {
            Log.BackupFailed(logs.CreateLogger(typeof(BackupsApi)), ex.Fault, ex.Message);
            return Problem(ex);
        }
    }

    private static async Task<Results<Ok<BackupList>, ProblemHttpResult>> ListAsync(BackupService backups, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new BackupList([.. (await backups.ListAsync(cancellationToken)).Select(BackupResource.From)]));
        }
        catch (BackupException ex)
        {
            return Problem(ex);
        }
    }

    private static ProblemHttpResult Problem(BackupException ex)
    {
        var (status, type, title) = ex.Fault switch
        {
            BackupFault.NotConfigured => (StatusCodes.Status409Conflict, ProblemTypes.BackupNotConfigured, "Backups are not configured"),
            BackupFault.InProgress => (StatusCodes.Status409Conflict, ProblemTypes.BackupInProgress, "A backup is being taken"),
            BackupFault.Storage => (StatusCodes.Status502BadGateway, ProblemTypes.StorageUnavailable, "The S3 store failed"),
            _ => (StatusCodes.Status409Conflict, ProblemTypes.BackupUnavailable, "The store cannot be backed up here"),
        };
        var extensions = new Dictionary<string, object?> { ["hint"] = ex.Hint };
        if (ex.KeptArchive is { } kept)
        {
            extensions["kept_archive"] = kept;
        }

        return TypedResults.Problem(ex.Message, statusCode: status, title: title, type: type, extensions: extensions);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "backup {Key}: {DatabaseBytes} bytes of database, {ArchiveBytes} bytes uploaded, SHA-256 {Sha256}")]
        public static partial void BackupTaken(ILogger logger, string key, long databaseBytes, long archiveBytes, string sha256);

        [LoggerMessage(Level = LogLevel.Warning, Message = "backup failed ({Fault}): {Reason}")]
        public static partial void BackupFailed(ILogger logger, BackupFault fault, string reason);
    }
}
