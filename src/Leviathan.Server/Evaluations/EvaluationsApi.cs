using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence.Jobs;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Server.Problems;
using Leviathan.Server.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Evaluations;

/// <summary>
/// <c>/v1/evaluations</c>: evaluations of a task pack as durable jobs (what <c>leviathan eval run</c> does) and their
/// progress. Cancel one with <c>POST /v1/jobs/{id}/cancel</c>.
/// </summary>
internal static class EvaluationsApi
{
    public const long MaxBodyBytes = 8 * 1024;

    private const int DefaultPageSize = 20;

    private const int MaxPageSize = 100;

    public static void MapEvaluationsApi(this IEndpointRouteBuilder v1)
    {
        var evaluations = v1.MapGroup("/evaluations").WithTags("Evaluations");

        evaluations.MapPost("", CreateAsync)
            .RequireAuthorization(Roles.Operator)
            .WithName("createEvaluation")
            .WithSummary("Queue an evaluation of a task pack under serve.workspace_roots; answers 202 with it (Location: where to follow it); cancel it with POST /v1/jobs/{id}/cancel")
            .WithDescription("Every task × repeat is one run of the team with the server's models, judged on the task's hidden tests, as leviathan eval run does; each run is also readable under /v1/runs.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithJsonBody(MaxBodyBytes)
            .Secured();

        evaluations.MapGet("", ListAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("listEvaluations")
            .WithSummary("List evaluations, newest first, as GET /v1/evaluations/{id} shows each")
            .WithDescription("Pages with an opaque cursor (next_cursor of the previous page).")
            .ProducesValidationProblem()
            .Secured();

        evaluations.MapGet("/{id}", GetAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getEvaluation")
            .WithSummary("Get an evaluation: its job and its attempts ended, resolved and failed so far; with wait_seconds, answer as soon as it is done or when the wait is over")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();

        evaluations.MapGet("/{id}/results", ResultsAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getEvaluationResults")
            .WithSummary("Get every attempt of an evaluation that has ended so far: its run, status, verdict on the hidden tests, tokens and cost (results.jsonl)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();
    }

    private static async Task<Results<Accepted<EvaluationResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JobStore jobs, JobWorkerPool pool, ServerOptions options, ClaimsPrincipal user, CreateEvaluationRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Suite is not { Length: >= 1 and <= 4096 })
        {
            errors["suite"] = ["must be 1 to 4096 characters: the task pack folder"];
        }

        if (request.Parallel is < 1 or > 16)
        {
            errors["parallel"] = [$"must be from 1 to 16, not {request.Parallel}"];
        }

        if (request.Repeat is < 1 or > 20)
        {
            errors["repeat"] = [$"must be from 1 to 20, not {request.Repeat}"];
        }

        if (request.Tasks is { Length: 0 or > 200 })
        {
            errors["tasks"] = ["must be 1 to 200 characters: comma-separated globs over task ids"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (AllowedRoots.Problem(request.Suite, options.WorkspaceRoots) is { } problem)
        {
            return TypedResults.Problem(
                $"suite: {problem}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Suite not allowed",
                type: ProblemTypes.WorkspaceNotAllowed,
                extensions: new Dictionary<string, object?> { ["field"] = "suite" });
        }

        var path = Path.GetFullPath(request.Suite);

        // Allowed roots exist (the check above), so there is an area; each run's sandbox hides the suite, so it may not hold the area.
        var area = EvaluationJob.Area(options)!;
        if ($"{area}/".StartsWith($"{path}/", StringComparison.Ordinal) || $"{path}/".StartsWith($"{area}/", StringComparison.Ordinal))
        {
            return Unprocessable("Suite not allowed", "suite", $"{path} holds or lies in {area}, where this server writes evaluations", "give the task pack's own folder, beside it");
        }

        if (PhysicsSetLoader.IsPhysicsSet(path))
        {
            return Unprocessable("Physics sets not served", "suite", $"{path} is a physics set; this server evaluates task packs only so far", "run it with leviathan eval run on the server's machine");
        }

        SoftwareSuite suite;
        try
        {
            suite = SuiteLoader.Load(path);
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException or UnauthorizedAccessException)
        {
            return Unprocessable("Invalid suite", "suite", ex.Message, "give a task pack folder: suite.yaml and one folder per task (docs/evaluation.md)");
        }

        if (!suite.TaskIds.Any(t => TaskGlob.Matches(request.Tasks, t)))
        {
            return Unprocessable("No task matches", "tasks", $"no task of the suite '{suite.Id}' matches '{request.Tasks}'", $"its tasks are {string.Join(", ", suite.TaskIds)}");
        }

        var payload = new EvaluationPayload(path, request.Parallel ?? 1, request.Repeat ?? 1, request.Tasks);
        var (job, full) = await JobsApi.EnqueueAsync(jobs, pool, options, user, JobKinds.Evaluation, JsonSerializer.Serialize(payload, ServerJsonContext.Default.EvaluationPayload), cancellationToken);
        if (job is null)
        {
            return full!;
        }

        return TypedResults.Accepted($"/v1/evaluations/{job.Id}", Resource(job, payload, options));
    }

    private static async Task<Results<Ok<EvaluationPage>, ValidationProblem>> ListAsync(
        JobStore jobs,
        ServerOptions options,
        [FromQuery(Name = "cursor"), StringLength(128, MinimumLength = 1)] string? cursor,
        [FromQuery(Name = "limit"), Range(1, MaxPageSize)] int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var (before, size) = Runs.RunCursor.ReadPage(cursor, limit, DefaultPageSize, MaxPageSize, errors);

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        // One more than asked tells whether another page exists without a second query.
        var found = await jobs.ListPageAsync(JobKinds.Evaluation, before, size + 1, cancellationToken);
        var page = found.Take(size).ToList();
        var items = page.Select(job => Resource(job, JsonSerializer.Deserialize(job.PayloadJson, ServerJsonContext.Default.EvaluationPayload)!, options)).ToList();
        var next = found.Count > size ? Runs.RunCursor.Encode(page[^1].CreatedAt, page[^1].Id) : null;
        return TypedResults.Ok(new EvaluationPage(items, next));
    }

    private static async Task<Results<Ok<EvaluationResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        JobStore jobs,
        ServerOptions options,
        TimeProvider time,
        Guid id,
        [FromQuery(Name = "wait_seconds"), Range(0, 60)] int? waitSeconds,
        CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0 or > 60)
        {
            return ProblemResults.Invalid("wait_seconds", $"must be from 0 to 60, not {waitSeconds}");
        }

        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null || job.Kind != JobKinds.Evaluation)
        {
            return NoEvaluation(id);
        }

        job = await JobsApi.WaitDoneAsync(jobs, options, time, job, waitSeconds, cancellationToken);
        var payload = JsonSerializer.Deserialize(job.PayloadJson, ServerJsonContext.Default.EvaluationPayload)!;
        return TypedResults.Ok(Resource(job, payload, options));
    }

    private static async Task<Results<Ok<EvaluationResults>, ProblemHttpResult>> ResultsAsync(JobStore jobs, ServerOptions options, Guid id, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null || job.Kind != JobKinds.Evaluation)
        {
            return NoEvaluation(id);
        }

        var attempts = ReadResults(job, options)
            .OrderBy(r => r.Task, StringComparer.Ordinal)
            .ThenBy(r => r.Configuration, StringComparer.Ordinal)
            .ThenBy(r => r.Repeat)
            .Select(r => new EvaluationAttemptResource(
                r.Task, r.Configuration, r.Repeat, r.RunId, r.Status, r.Judged, r.FailureCategory, r.Reason, r.JudgeSummary, r.TokensIn, r.TokensOut, r.CostUsd, r.Steps, r.WallSeconds));
        return TypedResults.Ok(new EvaluationResults(job.Id, job.State, [.. attempts]));
    }

    /// <summary>The attempts ended so far (none before the job started, or while the harness writes its first line).</summary>
    private static IReadOnlyList<AttemptResult> ReadResults(JobRecord job, ServerOptions options)
    {
        var folder = EvaluationJob.FolderFor(options, job.Id);
        if (job.StartedAt is null || folder is null || !File.Exists(Path.Combine(folder, ResultsFile.ResultsName)))
        {
            return [];
        }

        try
        {
            return ResultsFile.Read(folder);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static ProblemHttpResult NoEvaluation(Guid id) =>
        ProblemResults.NotFound($"there is no evaluation {id}; POST /v1/evaluations starts one");

    private static EvaluationResource Resource(JobRecord job, EvaluationPayload payload, ServerOptions options)
    {
        var folder = EvaluationJob.FolderFor(options, job.Id);
        EvaluationManifest? manifest = null;
        if (job.StartedAt is not null && folder is not null)
        {
            try
            {
                manifest = ResultsFile.ReadManifest(folder);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                // Written at this instant: nothing to show yet.
                manifest = null;
            }
        }

        var results = ReadResults(job, options);

        return new EvaluationResource(
            JobResource.From(job),
            manifest?.SuiteId,
            payload.Suite,
            manifest is null ? ["default"] : [.. manifest.Configurations.Select(c => c.Name)],
            payload.Parallel,
            payload.Repeat,
            payload.Tasks,
            manifest?.EvaluationId,
            manifest is null ? 0 : manifest.Tasks.Count * manifest.Configurations.Count * manifest.Repeats,
            results.Count,
            results.Count(r => r.Succeeded),
            results.Count(r => r.FailureCategory == FailureCategory.Infrastructure),
            results.Sum(r => r.CostUsd));
    }

    private static ProblemHttpResult Unprocessable(string title, string field, string detail, string hint) =>
        TypedResults.Problem(
            $"{field}: {detail}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: title,
            type: ProblemTypes.Validation,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["hint"] = hint });
}
