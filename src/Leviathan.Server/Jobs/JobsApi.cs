using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Jobs;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Json;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Jobs;

/// <summary><c>POST /v1/runs</c> queues a software run as a durable job; <c>GET /v1/jobs/{id}</c> follows it.</summary>
internal static class JobsApi
{
    public const long MaxBodyBytes = 32 * 1024;

    public static void MapJobsApi(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/runs", CreateAsync)
            .WithTags("Runs")
            .RequireAuthorization(Roles.Operator)
            .WithName("createRun")
            .WithSummary("Queue a software run; answers 202 with the job, whose run_id appears once the run starts")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithJsonBody(MaxBodyBytes)
            .Secured();

        v1.MapPost("/runs/{id}/cancel", CancelRunAsync)
            .WithTags("Runs")
            .RequireAuthorization(Roles.Operator)
            .WithName("cancelRun")
            .WithSummary("Cancel a run the server's queue runs: it ends 'cancelled'; asking again is harmless; 409 when it already ended otherwise")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Secured();

        v1.MapPost("/jobs/{id}/cancel", CancelJobAsync)
            .WithTags("Jobs")
            .RequireAuthorization(Roles.Operator)
            .WithName("cancelJob")
            .WithSummary("Cancel a job: a queued one never starts, a running one's run ends 'cancelled'; asking again is harmless; 409 when it already ended otherwise")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Secured();

        v1.MapGet("/jobs/{id}", GetAsync)
            .WithTags("Jobs")
            .RequireAuthorization(Roles.Viewer)
            .WithName("getJob")
            .WithSummary("Get a job; with wait_seconds, answer as soon as it is done or when the wait is over")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();
    }

    private static async Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JobStore jobs, JobWorkerPool pool, ServerOptions options, ClaimsPrincipal user, CreateRunRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Goal) || request.Goal.Length > 10_000)
        {
            errors["goal"] = ["must be 1 to 10000 characters, not only spaces"];
        }

        if (request.Workspace.Length is 0 or > 4096 || !Path.IsPathFullyQualified(request.Workspace))
        {
            errors["workspace"] = ["must be an absolute path"];
        }

        if (request.VerifyCommand is { Length: 0 or > 4000 })
        {
            errors["verify_command"] = ["must be 1 to 4000 characters"];
        }

        CheckRunLimits(errors, request.Profile, request.MaxSteps);
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (Workspaces.AllowedRoots.Problem(request.Workspace, options.WorkspaceRoots) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Workspace not allowed", type: ProblemTypes.WorkspaceNotAllowed);
        }

        var payload = JsonSerializer.Serialize(
            new SoftwareRunPayload(request.Goal, Path.GetFullPath(request.Workspace), request.VerifyCommand, request.Profile, request.MaxSteps),
            ServerJsonContext.Default.SoftwareRunPayload);
        var (job, full) = await EnqueueAsync(jobs, pool, options, user, JobKinds.SoftwareRun, payload, cancellationToken);
        if (job is null)
        {
            return full!;
        }

        return TypedResults.Accepted($"/v1/jobs/{job.Id}", JobResource.From(job));
    }

    /// <summary>Queues a job for the caller's key, or answers 429 when the key has <see cref="ServerOptions.MaxUnfinishedJobsPerKey"/> jobs unfinished already.</summary>
    internal static async Task<(JobRecord? Job, ProblemHttpResult? QueueFull)> EnqueueAsync(
        JobStore jobs, JobWorkerPool pool, ServerOptions options, ClaimsPrincipal user, string kind, string payload, CancellationToken cancellationToken)
    {
        var keyId = Guid.Parse(user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim)!);
        if (await jobs.CountUnfinishedAsync(keyId, cancellationToken) >= options.MaxUnfinishedJobsPerKey)
        {
            return (null, TypedResults.Problem(
                $"this key already has {options.MaxUnfinishedJobsPerKey} jobs queued or running; wait for some to finish",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Queue full",
                type: ProblemTypes.QueueFull));
        }

        var job = await jobs.EnqueueAsync(kind, payload, keyId, options.MaxJobAttempts, cancellationToken);
        pool.Wake();
        return (job, null);
    }

    private static async Task<Results<Ok<JobResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        JobStore jobs,
        ServerOptions options,
        TimeProvider time,
        Guid id,
        [FromQuery(Name = "wait_seconds"), Range(0, JobWaiting.MaxSeconds)] int? waitSeconds,
        CancellationToken cancellationToken)
    {
        if (JobWaiting.Invalid(waitSeconds) is { } invalid)
        {
            return invalid;
        }

        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null)
        {
            return ProblemResults.NotFound($"there is no job {id}");
        }

        return TypedResults.Ok(JobResource.From(await JobWaiting.UntilDoneAsync(jobs, options, time, job, waitSeconds, cancellationToken)));
    }

    /// <summary>Checks the fields every run request shares: the model profile and the step limit.</summary>
    internal static void CheckRunLimits(Dictionary<string, string[]> errors, string? profile, int? maxSteps)
    {
        if (profile is not null && (profile.Length is 0 or > 100 || profile.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            errors["profile"] = ["must be 1 to 100 letters, digits, '-', '_' or '.'"];
        }

        if (maxSteps is < 1 or > 1000)
        {
            errors["max_steps"] = [$"must be from 1 to 1000, not {maxSteps}"];
        }
    }

    private static async Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CancelRunAsync(
        JobStore jobs, JobWorkerPool pool, Leviathan.Persistence.Tracing.TraceStore store, Guid id, CancellationToken cancellationToken)
    {
        var job = await jobs.FindByRunAsync(id, cancellationToken);
        if (job is null)
        {
            return await store.FindRunAsync(id, cancellationToken) is { } run
                ? ProblemResults.Conflict(
                    "Not a run of the queue",
                    run.Status.IsTerminal()
                        ? $"run {id} already ended {run.Status.ToName()}"
                        : $"run {id} was not started by this service's queue (e.g. 'leviathan run' on the command line); stop it where it runs (Ctrl-C)")
                : ProblemResults.NotFound($"there is no run {id}");
        }

        return await CancelAsync(jobs, pool, job.Id, cancellationToken);
    }

    private static Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CancelJobAsync(
        JobStore jobs, JobWorkerPool pool, Guid id, CancellationToken cancellationToken) =>
        CancelAsync(jobs, pool, id, cancellationToken);

    private static async Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        JobStore jobs, JobWorkerPool pool, Guid jobId, CancellationToken cancellationToken)
    {
        var cancellation = await jobs.CancelAsync(jobId, cancellationToken);
        switch (cancellation)
        {
            case null:
                return ProblemResults.NotFound($"there is no job {jobId}");
            case { Result: JobCancellationResult.AlreadyFinished, Job: var done }:
                return ProblemResults.Conflict("Already finished", $"job {done.Id} already ended {done.Outcome}: {done.Reason}");
            case { Result: JobCancellationResult.Requested }:
                // A worker of this server stops the run now; one of another server at its next heartbeat.
                pool.Cancel(jobId);
                break;
        }

        return TypedResults.Accepted($"/v1/jobs/{jobId}", JobResource.From(cancellation.Job));
    }
}
