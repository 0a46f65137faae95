using System.ComponentModel.DataAnnotations;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Claims;
using System.Text.Json;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
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

namespace Leviathan.Server.Generations;

/// <summary>
/// <c>/v1/physics/generations</c>: benchmark generation as durable jobs (what <c>leviathan bench generate</c> does), its
/// progress while it runs, and the kept benchmarks as one archive. Cancel one with <c>POST /v1/jobs/{id}/cancel</c>.
/// </summary>
internal static class GenerationsApi
{
    public const long MaxBodyBytes = 4 * 1024;

    public static void MapGenerationsApi(this IEndpointRouteBuilder v1)
    {
        var generations = v1.MapGroup("/physics/generations").WithTags("Physics");

        generations.MapPost("", CreateAsync)
            .RequireAuthorization(Roles.Operator)
            .WithName("createGeneration")
            .WithSummary("Queue a benchmark generation; answers 202 with it (Location: where to follow it); cancel it with POST /v1/jobs/{id}/cancel")
            .WithDescription("Each kept benchmark is proven valid, non-trivial and solvable (its reference solution passes bench evaluate's default starts); the same seed and options give the same benchmarks.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithJsonBody(MaxBodyBytes)
            .Secured();

        generations.MapGet("/{id}", GetAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getGeneration")
            .WithSummary("Get a generation: its job, candidates tried and kept so far, and when done the archive; with wait_seconds, answer as soon as it is done or when the wait is over")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Secured();

        generations.MapGet("/{id}/archive", ArchiveAsync)
            .RequireAuthorization(Roles.Viewer)
            .WithName("getGenerationArchive")
            .WithSummary("Download the kept benchmarks as a .tar.gz: one folder each (benchmark.json, scene.xml, reference/) and index.json; 409 until the generation is done")
            .Produces(StatusCodes.Status200OK, typeof(Stream), WorkspacesApi.ArchiveMediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Secured();
    }

    private static async Task<Results<Accepted<GenerationResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JobStore jobs, JobWorkerPool pool, ServerOptions options, RunLaunchDefaults defaults, ClaimsPrincipal user, CreateGenerationRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Count < 1 || request.Count > 100)
        {
            errors["count"] = [$"must be from 1 to 100, not {request.Count}"];
        }

        if (request.Seed is < 0 or > int.MaxValue)
        {
            errors["seed"] = [$"must be from 0 to {int.MaxValue}, not {request.Seed}"];
        }

        if (request.Family is { Length: 0 or > 40 })
        {
            errors["family"] = ["must be 1 to 40 characters"];
        }

        if (request.Level is < 0 or > Difficulty.MaxLevel)
        {
            errors["level"] = [$"must be from 0 to {Difficulty.MaxLevel}, not {request.Level}"];
        }

        if (request.MaxCandidates is < 1 or > 1000)
        {
            errors["max_candidates"] = [$"must be from 1 to 1000, not {request.MaxCandidates}"];
        }

        if (request.SolverCandidates is < 1)
        {
            errors["solver_candidates"] = [$"must be at least 1, not {request.SolverCandidates}; for example 400"];
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (request.Count > options.MaxGenerationCount)
        {
            return TypedResults.Problem(
                $"this server generates at most {options.MaxGenerationCount} benchmarks per request (serve.max_generation_count); ask for fewer, in several generations with other seeds",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Too many benchmarks",
                type: ProblemTypes.Validation);
        }

        if (request.Family is { } family && BenchmarkFamilies.Find(family) is null)
        {
            return TypedResults.Problem(
                $"there is no benchmark family '{family}'; this server has: {BenchmarkFamilies.Names}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Unknown family",
                type: ProblemTypes.UnknownFamily);
        }

        // A level the families asked for can never reach would only make other_level candidates until they run out.
        var families = request.Family is { } named ? [BenchmarkFamilies.Find(named)!] : BenchmarkFamilies.All;
        var solverCandidates = request.SolverCandidates ?? new SolverOptions { CacheDirectory = string.Empty }.MaxCandidates;
        if (request.Level is { } level && LevelReach.Check(families, [level], solverCandidates) is { } refusal)
        {
            return TypedResults.Problem(
                $"level: {refusal.Message}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Level out of reach",
                type: ProblemTypes.Validation,
                extensions: new Dictionary<string, object?> { ["field"] = "level", ["hint"] = refusal.Hint });
        }

        var payload = new GenerationPayload(request.Count, request.Seed, request.Family, request.Level, request.MaxCandidates, request.HingedRamps, request.SolverCandidates);
        var (job, full) = await JobsApi.EnqueueAsync(jobs, pool, options, user, JobKinds.BenchmarkGeneration, JsonSerializer.Serialize(payload, ServerJsonContext.Default.GenerationPayload), cancellationToken);
        if (job is null)
        {
            return full!;
        }

        return TypedResults.Accepted($"/v1/physics/generations/{job.Id}", Resource(job, payload, defaults.Home));
    }

    private static async Task<Results<Ok<GenerationResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        JobStore jobs,
        ServerOptions options,
        RunLaunchDefaults defaults,
        TimeProvider time,
        Guid id,
        [FromQuery(Name = "wait_seconds"), Range(0, JobWaiting.MaxSeconds)] int? waitSeconds,
        CancellationToken cancellationToken)
    {
        if (JobWaiting.Invalid(waitSeconds) is { } invalid)
        {
            return invalid;
        }

        var (job, payload) = await FindAsync(jobs, id, cancellationToken);
        if (job is null || payload is null)
        {
            return NoGeneration(id);
        }

        job = await JobWaiting.UntilDoneAsync(jobs, options, time, job, waitSeconds, cancellationToken);
        return TypedResults.Ok(Resource(job, payload, defaults.Home));
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ArchiveAsync(
        JobStore jobs, RunLaunchDefaults defaults, Guid id, CancellationToken cancellationToken)
    {
        var (job, payload) = await FindAsync(jobs, id, cancellationToken);
        if (job is null || payload is null)
        {
            return NoGeneration(id);
        }

        var folder = GenerationFolder.For(defaults.Home, id);
        var index = job.State == JobState.Done && job.Outcome is GenerationJob.Succeeded or GenerationJob.Failed ? folder.ReadIndex() : null;
        if (index is null || index.Kept == 0)
        {
            return ProblemResults.Conflict(
                "No benchmarks",
                job.State != JobState.Done
                    ? $"generation {id} is still {job.State}; GET /v1/physics/generations/{id}?wait_seconds=60 answers when it is done"
                    : $"generation {id} ended {job.Outcome} and kept no benchmarks: {job.Reason}");
        }

        var kept = index.Candidates.Where(c => c.Kept).Select(c => c.Id).ToList();
        return TypedResults.Stream(
            async body =>
            {
                await using var gzip = new GZipStream(body, CompressionLevel.Optimal, leaveOpen: true);
                await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
                await tar.WriteEntryAsync(folder.Index, BenchmarkGenerator.IndexFile, CancellationToken.None);
                foreach (var benchmark in kept)
                {
                    var root = Path.Combine(folder.Benchmarks, benchmark);
                    foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
                    {
                        await tar.WriteEntryAsync(file, $"{benchmark}/{Path.GetRelativePath(root, file)}", CancellationToken.None);
                    }
                }
            },
            WorkspacesApi.ArchiveMediaType,
            $"generation-{id}.tar.gz");
    }

    private static async Task<(JobRecord? Job, GenerationPayload? Payload)> FindAsync(JobStore jobs, Guid id, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null || job.Kind != JobKinds.BenchmarkGeneration)
        {
            return (null, null);
        }

        return (job, JsonSerializer.Deserialize(job.PayloadJson, ServerJsonContext.Default.GenerationPayload));
    }

    private static GenerationResource Resource(JobRecord job, GenerationPayload payload, string home)
    {
        var folder = GenerationFolder.For(home, job.Id);
        IReadOnlyList<GenerationCandidateResource> candidates;
        IReadOnlyList<GenerationResumeResource> resumes;
        try
        {
            candidates = job.StartedAt is null ? [] : folder.ReadCandidates();
            resumes = job.StartedAt is null ? [] : folder.ReadResumes();
        }
        catch (IOException)
        {
            // A generation that starts over empties its folder: it has nothing to show at this instant.
            (candidates, resumes) = ([], []);
        }

        var done = job.State == JobState.Done && job.Outcome is GenerationJob.Succeeded or GenerationJob.Failed;
        var kept = candidates.Count(c => c.Kept);
        return new GenerationResource(
            JobResource.From(job),
            payload.Count,
            payload.Seed,
            payload.Family,
            payload.Level,
            candidates.Count,
            kept,
            done && kept > 0 ? $"/v1/physics/generations/{job.Id}/archive" : null,
            candidates,
            resumes);
    }

    private static ProblemHttpResult NoGeneration(Guid id) =>
        ProblemResults.NotFound($"there is no generation {id}; POST /v1/physics/generations starts one");
}
