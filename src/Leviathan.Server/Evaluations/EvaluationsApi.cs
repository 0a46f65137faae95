using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Reports;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
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
    public const long MaxBodyBytes = 64 * 1024;

    public const int MaxConfigurations = 8;

    /// <summary>The report formats of <c>GET /v1/evaluations/{id}/report</c> and their media types.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReportFormats = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["md"] = "text/markdown",
        ["html"] = "text/html",
    };

    private const string PngMediaType = "image/png";

    private const int DefaultPageSize = 20;

    private const int MaxPageSize = 100;

    public static void MapEvaluationsApi(this IEndpointRouteBuilder v1)
    {
        var evaluations = v1.MapGroup("/evaluations").WithTags("Evaluations");

        evaluations.MapPost("", CreateAsync)
            .RequireAuthorization(Roles.Operator)
            .WithName("createEvaluation")
            .WithSummary("Queue an evaluation of a task pack or physics set under serve.workspace_roots, under one or more named configurations; answers 202 with it (Location: where to follow it); cancel it with POST /v1/jobs/{id}/cancel")
            .WithDescription("Every task × configuration × repeat is one attempt, as leviathan eval run makes it: a run of the team with the configuration's models and limits (readable under /v1/runs), or for a physics set and a configuration with solver: baseline a search of the baseline solver; each attempt is judged (hidden tests, or bench evaluate of the final solution). A configuration file that does not load, or names what this server does not have, is refused naming configurations[i].file.")
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
            .WithSummary("Get every attempt of an evaluation that has ended so far: its run, status, verdict on the hidden tests, tokens and cost (results.jsonl); once done, the summary per configuration (rate, Wilson 95 % interval, pass@k, cost)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();

        evaluations.MapGet("/{id}/report", ReportAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getEvaluationReport")
            .WithSummary("Download the report of a finished evaluation: format=md (report.md, default; its plots under ./plots/) or format=html (report.html, self-contained); 409 until the evaluation is done")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ReportFormats["md"], ReportFormats["html"])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Secured();

        evaluations.MapGet("/{id}/plots/{name}", PlotAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getEvaluationPlot")
            .WithSummary("Download a plot of a finished evaluation's report (PNG): success-rate.png, cost-vs-success.png or steps.png, as report.md links them; 409 until the evaluation is done")
            .Produces(StatusCodes.Status200OK, typeof(Stream), PngMediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Secured();
    }

    private static async Task<Results<Accepted<EvaluationResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JobStore jobs, JobWorkerPool pool, TraceStore store, ServerOptions options, RunLaunchDefaults defaults, TimeProvider time, ClaimsPrincipal user, CreateEvaluationRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Suite is not { Length: >= 1 and <= 4096 })
        {
            errors["suite"] = ["must be 1 to 4096 characters: the task pack or physics set folder"];
        }

        CheckConfigurations(request.Configurations, errors);
        if (request.Parallel is < 1 or > 16)
        {
            errors["parallel"] = [$"must be from 1 to 16, not {request.Parallel}"];
        }

        if (request.Judges is < 1 or > 16)
        {
            errors["judges"] = [$"must be from 1 to 16, not {request.Judges}"];
        }

        if (request.Repeat is < 1 or > 20)
        {
            errors["repeat"] = [$"must be from 1 to 20, not {request.Repeat}"];
        }

        if (request.Tasks is { Length: 0 or > 200 })
        {
            errors["tasks"] = ["must be 1 to 200 characters: comma-separated globs over task ids"];
        }

        if (request.Samples is < 1 or > 1000)
        {
            errors["samples"] = [$"must be from 1 to 1000, not {request.Samples}"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (AllowedRoots.Problem(request.Suite, options.WorkspaceRoots) is { } problem)
        {
            return NotAllowed("Suite not allowed", "suite", problem);
        }

        var path = Path.GetFullPath(request.Suite);

        // Allowed roots exist (the check above), so there is an area; each run's sandbox hides the suite, so it may not hold the area.
        var area = EvaluationJob.Area(options)!;
        if ($"{area}/".StartsWith($"{path}/", StringComparison.Ordinal) || $"{path}/".StartsWith($"{area}/", StringComparison.Ordinal))
        {
            return Unprocessable("Suite not allowed", "suite", $"{path} holds or lies in {area}, where this server writes evaluations", "give the suite's own folder, beside it");
        }

        IEvaluationSuite suite;
        try
        {
            suite = EvaluationSetup.LoadSuite(path);
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException or UnauthorizedAccessException)
        {
            return Unprocessable("Invalid suite", "suite", ex.Message, "give a task pack folder (suite.yaml and one folder per task; docs/evaluation.md) or a physics set written by bench generate (index.json)");
        }

        if (request.Samples is not null && suite is not PhysicsSet)
        {
            return Unprocessable("Samples for a task pack", "samples", $"{path} is a task pack, judged on its hidden tests; samples are the jitter starts of a physics set's judge", "drop samples");
        }

        if (!suite.TaskIds.Any(t => TaskGlob.Matches(request.Tasks, t)))
        {
            return Unprocessable("No task matches", "tasks", $"no task of the suite '{suite.Id}' matches '{request.Tasks}'", $"its tasks are {string.Join(", ", suite.TaskIds)}");
        }

        var named = request.Configurations?.Select(c => c with { File = Path.GetFullPath(c.File) }).ToList();
        var payload = new EvaluationPayload(
            path, request.Parallel ?? 1, request.Repeat ?? 1, request.Tasks, named, request.Samples, suite is PhysicsSet ? EvaluationPayload.PhysicsSet : EvaluationPayload.TaskPack, request.Judges);
        if (ConfigurationProblem(payload, suite, options, defaults, store, time) is { } refused)
        {
            return refused;
        }

        var (job, full) = await JobsApi.EnqueueAsync(jobs, pool, options, user, JobKinds.Evaluation, JsonSerializer.Serialize(payload, ServerJsonContext.Default.EvaluationPayload), cancellationToken);
        if (job is null)
        {
            return full!;
        }

        return TypedResults.Accepted($"/v1/evaluations/{job.Id}", Resource(job, payload, options));
    }

    /// <summary>The shape of the named configurations: 1 to 8, each name a plain name used once, each file a path.</summary>
    private static void CheckConfigurations(IReadOnlyList<EvaluationConfigurationRequest>? configurations, Dictionary<string, string[]> errors)
    {
        if (configurations is null)
        {
            return;
        }

        if (configurations.Count is < 1 or > MaxConfigurations)
        {
            errors["configurations"] = [$"must hold 1 to {MaxConfigurations} configurations, not {configurations.Count}; leave it out for the server's own as 'default'"];
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < configurations.Count; i++)
        {
            var (name, file) = (configurations[i].Name, configurations[i].File);
            if (name is not { Length: >= 1 and <= 64 } || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                errors[$"configurations[{i}].name"] = ["must be 1 to 64 letters, digits, '.', '_' or '-' (it labels results and reports)"];
            }
            else if (seen.TryGetValue(name, out var first))
            {
                errors[$"configurations[{i}].name"] = [$"'{name}' is the name of configurations[{first}] already; give each configuration its own name"];
            }
            else
            {
                seen[name] = i;
            }

            if (file is not { Length: >= 1 and <= 4096 })
            {
                errors[$"configurations[{i}].file"] = ["must be 1 to 4096 characters: a configuration YAML under serve.workspace_roots"];
            }
        }
    }

    /// <summary>
    /// The first configuration the server cannot run, as a problem naming <c>configurations[i].file</c>: outside the roots,
    /// not loading (the loader's message), or naming what this server does not have (the harness's own check).
    /// </summary>
    private static ProblemHttpResult? ConfigurationProblem(EvaluationPayload payload, IEvaluationSuite suite, ServerOptions options, RunLaunchDefaults defaults, TraceStore store, TimeProvider time)
    {
        if (payload.Configurations is not { } named)
        {
            return null;
        }

        for (var i = 0; i < named.Count; i++)
        {
            if (AllowedRoots.Problem(named[i].File, options.WorkspaceRoots, file: true) is { } problem)
            {
                return NotAllowed("Configuration not allowed", $"configurations[{i}].file", problem);
            }
        }

        IReadOnlyList<EvaluationConfiguration> configurations;
        try
        {
            configurations = EvaluationJob.Configurations(payload);
        }
        catch (Exception ex) when (ex is SuiteFormatException or IOException or UnauthorizedAccessException)
        {
            var index = ex is SuiteFormatException format ? named.ToList().FindIndex(c => c.File == format.File) : -1;
            return Unprocessable("Invalid configuration", index < 0 ? "configurations" : $"configurations[{index}].file", ex.Message, "fix the configuration file (docs/evaluation.md lists its keys)");
        }

        try
        {
            // The same check eval run makes before its first run; a server without a model says so when the job starts.
            _ = EvaluationSetup.CreateLauncher(
                new Agents.Launching.RunLaunchOptions { Home = defaults.Home, Store = store, Time = time }, EvaluationJob.Template(defaults), Core.Runs.RunBudget.Unlimited, configurations, suite is PhysicsSet);
        }
        catch (EvaluationSetupException ex)
        {
            return ex.Configuration is int index ? Unprocessable("Invalid configuration", $"configurations[{index}].file", ex.Message, ex.Hint) : null;
        }

        return null;
    }

    private static async Task<Results<Ok<EvaluationPage>, ValidationProblem>> ListAsync(
        JobStore jobs,
        ServerOptions options,
        EvaluationProgressBoard board,
        TraceStore store,
        TimeProvider time,
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

        var evaluations = new EvaluationStore(store, time);

        // One more than asked tells whether another page exists without a second query.
        var found = await jobs.ListPageAsync(JobKinds.Evaluation, before, size + 1, cancellationToken);
        var page = found.Take(size).ToList();
        var items = new List<EvaluationResource>(page.Count);
        foreach (var job in page)
        {
            items.Add(await ResourceAsync(job, PayloadOf(job), options, board, evaluations, cancellationToken));
        }

        var next = found.Count > size ? Runs.RunCursor.Encode(page[^1].CreatedAt, page[^1].Id) : null;
        return TypedResults.Ok(new EvaluationPage(items, next));
    }

    private static async Task<Results<Ok<EvaluationResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        JobStore jobs,
        ServerOptions options,
        EvaluationProgressBoard board,
        TraceStore store,
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
        if (job is null || job.Kind != JobKinds.Evaluation)
        {
            return NoEvaluation(id);
        }

        job = await JobWaiting.UntilDoneAsync(jobs, options, time, job, waitSeconds, cancellationToken);
        var evaluations = new EvaluationStore(store, time);
        return TypedResults.Ok(await ResourceAsync(job, PayloadOf(job), options, board, evaluations, cancellationToken));
    }

    private static async Task<Results<Ok<EvaluationResults>, ProblemHttpResult>> ResultsAsync(JobStore jobs, ServerOptions options, Guid id, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null || job.Kind != JobKinds.Evaluation)
        {
            return NoEvaluation(id);
        }

        var results = ReadResults(job, options);
        var attempts = results
            .OrderBy(r => r.Task, StringComparer.Ordinal)
            .ThenBy(r => r.Configuration, StringComparer.Ordinal)
            .ThenBy(r => r.Repeat)
            .Select(r => new EvaluationAttemptResource(
                r.Task, r.Configuration, r.Repeat, r.RunId, r.Status, r.Judged, r.FailureCategory, r.Reason, r.JudgeSummary, r.TokensIn, r.TokensOut, r.CostUsd, r.Steps, r.WallSeconds));
        EvaluationSummaryJson? summary = null;
        if (job.State == JobState.Done && EvaluationJob.FolderFor(options, job.Id) is { } folder && ReadManifest(job, options) is { } manifest)
        {
            summary = EvaluationSummaryJson.From(EvaluationSummary.From(results, manifest), manifest.EvaluationId, folder);
        }

        return TypedResults.Ok(new EvaluationResults(job.Id, job.State, [.. attempts], summary));
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> ReportAsync(
        JobStore jobs, ServerOptions options, Guid id, [FromQuery(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        format ??= "md";
        if (!ReportFormats.TryGetValue(format, out var mediaType))
        {
            return ProblemResults.Invalid("format", $"must be md or html, not '{format}'");
        }

        var (file, problem) = await ReportFileAsync(jobs, options, id, format == "md" ? ReportWriter.MarkdownName : ReportWriter.HtmlName, cancellationToken);
        return file is null ? problem! : TypedResults.File(File.OpenRead(file), $"{mediaType}; charset=utf-8");
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> PlotAsync(
        JobStore jobs, ServerOptions options, Guid id, string name, CancellationToken cancellationToken)
    {
        if (!ReportWriter.PlotFiles.Contains(name, StringComparer.Ordinal))
        {
            return ProblemResults.Invalid("name", $"must be one of {string.Join(", ", ReportWriter.PlotFiles)}, not '{name}'");
        }

        var (file, problem) = await ReportFileAsync(jobs, options, id, Path.Combine(ReportWriter.PlotsFolder, name), cancellationToken);
        return file is null ? problem! : TypedResults.File(File.OpenRead(file), PngMediaType);
    }

    /// <summary>A file of a finished evaluation's reports; 404 without the evaluation, 409 while it runs or when it ended without reports.</summary>
    private static async Task<(string? File, ProblemHttpResult? Problem)> ReportFileAsync(JobStore jobs, ServerOptions options, Guid id, string relative, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null || job.Kind != JobKinds.Evaluation)
        {
            return (null, NoEvaluation(id));
        }

        if (job.State != JobState.Done)
        {
            return (null, ProblemResults.Conflict("No report yet", $"evaluation {id} is still {job.State}; its reports are written when it ends (GET /v1/evaluations/{id}?wait_seconds=60 answers then)"));
        }

        var file = EvaluationJob.FolderFor(options, job.Id) is { } folder ? Path.Combine(folder, relative) : null;
        return file is not null && File.Exists(file)
            ? (file, null)
            : (null, ProblemResults.Conflict("No report", $"evaluation {id} ended {job.Outcome} without reports: {job.Reason}"));
    }

    private static EvaluationPayload PayloadOf(JobRecord job) => JsonSerializer.Deserialize(job.PayloadJson, ServerJsonContext.Default.EvaluationPayload)!;

    /// <summary>The summary an ended evaluation's job keeps as its result; null when it ended without one (it could not start).</summary>
    private static EvaluationSummaryJson? Summary(JobRecord job)
    {
        if (job.ResultJson is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, ServerJsonContext.Default.EvaluationSummaryJson);
        }
        catch (JsonException)
        {
            return null;
        }
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

    /// <summary>The harness's manifest once the job has written it; null before.</summary>
    private static EvaluationManifest? ReadManifest(JobRecord job, ServerOptions options)
    {
        if (job.StartedAt is null || EvaluationJob.FolderFor(options, job.Id) is not { } folder)
        {
            return null;
        }

        try
        {
            return ResultsFile.ReadManifest(folder);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            // Written at this instant: nothing to show yet.
            return null;
        }
    }

    private static ProblemHttpResult NoEvaluation(Guid id) =>
        ProblemResults.NotFound($"there is no evaluation {id}; POST /v1/evaluations starts one");

    /// <summary>A queued evaluation's resource (nothing has run, so nothing is read).</summary>
    private static EvaluationResource Resource(JobRecord job, EvaluationPayload payload, ServerOptions options) =>
        Resource(job, payload, options, null, new EvaluationProgressResource(0, 0, 0, 0, 0, 0, 0m));

    private static async Task<EvaluationResource> ResourceAsync(
        JobRecord job, EvaluationPayload payload, ServerOptions options, EvaluationProgressBoard board, EvaluationStore evaluations, CancellationToken cancellationToken)
    {
        var manifest = ReadManifest(job, options);

        // While this server runs it, the harness's latest report; otherwise what its folder holds, and (while another
        // server process runs it) its runs in the store that have not ended.
        EvaluationProgressResource progress;
        if (job.State == JobState.Running && board.Find(job.Id) is { } reported)
        {
            progress = new EvaluationProgressResource(reported.Total, reported.Done, reported.Running, reported.Judging, reported.Succeeded, reported.Infrastructure, reported.CostUsd);
        }
        else if (job.State == JobState.Done && Summary(job) is { } summary)
        {
            // An ended evaluation's figures are in its job's result: its results file (one line per attempt) is not read
            // again for every listing.
            progress = new EvaluationProgressResource(
                manifest is null ? 0 : manifest.Tasks.Count * manifest.Configurations.Count * manifest.Repeats,
                summary.Configurations.Sum(c => c.Counted + c.Infrastructure + c.Cancelled),
                0,
                0,
                summary.Configurations.Sum(c => c.Succeeded),
                summary.Configurations.Sum(c => c.Infrastructure),
                summary.Configurations.Sum(c => c.CostUsd));
        }
        else
        {
            var results = ReadResults(job, options);
            var running = job.State == JobState.Running && manifest is not null ? await evaluations.CountUnendedRunsAsync(manifest.EvaluationId, cancellationToken) : 0;
            progress = new EvaluationProgressResource(
                manifest is null ? 0 : manifest.Tasks.Count * manifest.Configurations.Count * manifest.Repeats,
                results.Count,
                running,
                0,
                results.Count(r => r.Succeeded),
                results.Count(r => r.FailureCategory == FailureCategory.Infrastructure),
                results.Sum(r => r.CostUsd));
        }

        return Resource(job, payload, options, manifest, progress);
    }

    private static EvaluationResource Resource(JobRecord job, EvaluationPayload payload, ServerOptions options, EvaluationManifest? manifest, EvaluationProgressResource progress)
    {
        return new EvaluationResource(
            JobResource.From(job),
            manifest?.SuiteId,
            payload.Suite,
            payload.SuiteKind ?? (PhysicsSetLoader.IsPhysicsSet(payload.Suite) ? EvaluationPayload.PhysicsSet : EvaluationPayload.TaskPack),
            manifest is not null ? [.. manifest.Configurations.Select(c => c.Name)] : payload.Configurations is { } named ? [.. named.Select(c => c.Name)] : ["default"],
            payload.Parallel,
            payload.Judges,
            payload.Repeat,
            payload.Tasks,
            payload.Samples,
            manifest?.EvaluationId,
            progress,
            manifest is null ? [] : [.. manifest.Resumes.Select(r => new EvaluationResumeResource(r.At, r.Kept, r.Rerun))]);
    }

    private static ProblemHttpResult NotAllowed(string title, string field, string problem) =>
        TypedResults.Problem(
            $"{field}: {problem}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: title,
            type: ProblemTypes.WorkspaceNotAllowed,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    private static ProblemHttpResult Unprocessable(string title, string field, string detail, string hint) =>
        TypedResults.Problem(
            $"{field}: {detail}",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: title,
            type: ProblemTypes.Validation,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["hint"] = hint });
}
