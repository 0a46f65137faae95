using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Leviathan.Persistence.Backups;
using Leviathan.Persistence.Jobs;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
            .WithDescription("Answers 201 with the backup once it is uploaded. With 'Prefer: respond-async' (RFC 7240) it answers 202 at once with a job (Location: /v1/jobs/{id}) whose result, when done, is the same record.")
            .ProducesValidationProblem()
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

    private static async Task<Results<Created<BackupResource>, Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        BackupService backups,
        JobStore jobs,
        JobWorkerPool pool,
        ServerOptions options,
        ClaimsPrincipal user,
        ILoggerFactory logs,
        [FromHeader(Name = "Prefer"), StringLength(200)] string? prefer,
        CancellationToken cancellationToken)
    {
        if (prefer is { Length: > 200 })
        {
            return ProblemResults.Invalid("Prefer", "must be at most 200 characters, e.g. 'respond-async'");
        }

        if (RespondAsync(prefer))
        {
            try
            {
                backups.EnsureConfigured();
            }
            catch (BackupException ex)
            {
                return Problem(ex);
            }

            var (job, full) = await JobsApi.EnqueueAsync(jobs, pool, options, user, JobKinds.Backup, "{}", cancellationToken);
            return job is null ? full! : TypedResults.Accepted($"/v1/jobs/{job.Id}", JobResource.From(job));
        }

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

    /// <summary>Whether the Prefer header (RFC 7240: comma-separated preferences, each maybe with parameters) asks for respond-async.</summary>
    private static bool RespondAsync(string? prefer) =>
        prefer is not null && prefer.Split(',').Any(p => p.Split(';')[0].Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase));

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
