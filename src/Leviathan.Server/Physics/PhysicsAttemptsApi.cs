using System.Security.Claims;
using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
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
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Physics;

/// <summary>
/// <c>POST /v1/physics/attempts</c> queues the physics team's attempt at a benchmark as a durable job, as
/// <c>leviathan bench attempt</c> runs it: the benchmark is copied under the server's home when it is queued (so the
/// attempt, its resume and its judge all see the same file), the solution folder is new, under the first workspace root.
/// </summary>
internal static class PhysicsAttemptsApi
{
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>Where the server keeps the benchmark copies of attempts, under its home.</summary>
    public const string HomeFolder = "server-attempts";

    /// <summary>Where solution folders go, under the first workspace root.</summary>
    public const string SolutionsFolder = "attempts";

    public static void MapPhysicsAttemptsApi(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/physics/attempts", CreateAsync)
            .WithTags("Physics")
            .RequireAuthorization(Roles.Operator)
            .WithName("createPhysicsAttempt")
            .WithSummary("Queue the physics team's attempt at a benchmark; answers 202 with the job, whose run_id appears once the run starts")
            .WithDescription("The run is read back like any other (GET /v1/runs/{id}, its events, plan and artifacts). When it ends, the orchestrator judges the final solution from every start; evaluation.json and the renders become artifacts of the run and the job's reason ends with the verdict.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithJsonBody(MaxBodyBytes)
            .Secured();
    }

    private static async Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JobStore jobs, JobWorkerPool pool, ServerOptions options, RunLaunchDefaults defaults, ClaimsPrincipal user, CreatePhysicsAttemptRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Benchmark.Length is 0 or > 4096 || !Path.IsPathFullyQualified(request.Benchmark))
        {
            errors["benchmark"] = ["must be an absolute path"];
        }

        if (request.Samples is < 1 or > 100)
        {
            errors["samples"] = [$"must be from 1 to 100, not {request.Samples}"];
        }

        JobsApi.CheckRunLimits(errors, request.Profile, request.MaxSteps);

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        if (AllowedRoots.Problem(request.Benchmark, options.WorkspaceRoots, file: true) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Benchmark not allowed", type: ProblemTypes.WorkspaceNotAllowed);
        }

        var source = Path.GetFullPath(request.Benchmark);
        if (Directory.Exists(source))
        {
            source = Path.Combine(source, EvaluateApi.BenchmarkFile);
            if (!File.Exists(source) || new FileInfo(source).LinkTarget is not null)
            {
                return Invalid($"the folder {Path.GetDirectoryName(source)} has no {EvaluateApi.BenchmarkFile}; name the benchmark's JSON file or a folder that holds {EvaluateApi.BenchmarkFile}");
            }
        }

        var attemptId = Guid.CreateVersion7();
        var copy = Path.Combine(defaults.Home, HomeFolder, attemptId.ToString());
        string benchmark;
        try
        {
            benchmark = await CopyBenchmarkAsync(source, copy, options.MaxBenchmarkBytes, cancellationToken);
            _ = BenchmarkLoader.Load(benchmark);
        }
        catch (BenchmarkRefusedException ex)
        {
            Remove(copy);
            return Invalid(ex.Message);
        }
        catch (SpecException ex)
        {
            Remove(copy);
            return Invalid($"{Path.GetFileName(source)} is not a valid benchmark: {string.Join("; ", ex.Errors)} (the schema is docs/schemas/benchmark.schema.json)");
        }

        var solution = Path.Combine(Path.GetFullPath(options.WorkspaceRoots[0]), SolutionsFolder, attemptId.ToString());
        var payload = JsonSerializer.Serialize(
            new PhysicsAttemptPayload(benchmark, source, solution, request.Samples ?? EvaluationOptions.DefaultSamples, request.Profile, request.MaxSteps),
            ServerJsonContext.Default.PhysicsAttemptPayload);
        var (job, full) = await JobsApi.EnqueueAsync(jobs, pool, options, user, JobKinds.PhysicsAttempt, payload, cancellationToken);
        if (job is null)
        {
            Remove(copy);
            return full!;
        }

        return TypedResults.Accepted($"/v1/jobs/{job.Id}", JobResource.From(job));
    }

    /// <summary>
    /// Copies the benchmark file and the mesh files its fixtures name into <paramref name="folder"/>; returns the copy's path.
    /// A mesh must be a regular file inside the benchmark's folder, named by a relative path without <c>..</c>.
    /// </summary>
    private static async Task<string> CopyBenchmarkAsync(string source, string folder, long maxBytes, CancellationToken cancellationToken)
    {
        var size = new FileInfo(source).Length;
        if (size > maxBytes)
        {
            throw new BenchmarkRefusedException($"the benchmark file has {size} bytes; this server takes at most {maxBytes} (serve.max_benchmark_bytes)");
        }

        var text = await File.ReadAllBytesAsync(source, cancellationToken);
        var meshes = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("fixtures", out var fixtures)
                && fixtures.ValueKind == JsonValueKind.Array)
            {
                foreach (var fixture in fixtures.EnumerateArray())
                {
                    if (fixture.ValueKind == JsonValueKind.Object
                        && fixture.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Object
                        && shape.TryGetProperty("mesh", out var mesh) && mesh.ValueKind == JsonValueKind.String)
                    {
                        meshes.Add(mesh.GetString()!);
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw new BenchmarkRefusedException($"the benchmark file is not JSON: {ex.Message}");
        }

        var from = Path.GetDirectoryName(source)!;
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, EvaluateApi.BenchmarkFile);
        await File.WriteAllBytesAsync(target, text, cancellationToken);
        foreach (var mesh in meshes.Distinct(StringComparer.Ordinal))
        {
            if (mesh.Length == 0 || Path.IsPathRooted(mesh) || mesh.Contains('\\', StringComparison.Ordinal) || mesh.Split('/').Any(part => part is ".." or "."))
            {
                throw new BenchmarkRefusedException($"the mesh '{mesh}' must be a path inside the benchmark's folder, relative and without '..'");
            }

            var file = Path.Combine(from, mesh);
            FileSystemInfo? link = null;
            for (FileSystemInfo? current = new FileInfo(file); current is not null && current.FullName.Length > from.Length; current = current is FileInfo f ? f.Directory : ((DirectoryInfo)current).Parent)
            {
                link ??= current.Exists && current.LinkTarget is not null ? current : null;
            }

            if (!File.Exists(file) || link is not null)
            {
                throw new BenchmarkRefusedException(link is not null ? $"the mesh '{mesh}' is reached through the symbolic link {link.FullName}; name the real file" : $"the mesh file {file} does not exist");
            }

            if (new FileInfo(file).Length > maxBytes)
            {
                throw new BenchmarkRefusedException($"the mesh '{mesh}' has {new FileInfo(file).Length} bytes; this server takes at most {maxBytes} (serve.max_benchmark_bytes)");
            }

            var copy = Path.Combine(folder, mesh);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The benchmark cannot be attempted", type: ProblemTypes.InvalidBenchmark);

    private static void Remove(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
