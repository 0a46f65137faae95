using System.ComponentModel.DataAnnotations;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;
using Leviathan.Server.Auth;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Leviathan.Server.Problems;
using Leviathan.Server.Workspaces;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Leviathan.Server.Physics;

/// <summary>
/// <c>POST /v1/physics/evaluate</c>: judges an uploaded solution against the benchmark that comes with it, as
/// <c>leviathan bench evaluate</c> does. OpenSCAD runs in the configured sandbox, MuJoCo in worker processes, the whole
/// evaluation under <see cref="ServerOptions.EvaluationTimeout"/>; the upload is unpacked with the archive checks and removed afterwards.
/// </summary>
internal static class EvaluateApi
{
    public const string BenchmarkFile = "benchmark.json";

    public static void MapEvaluateApi(this IEndpointRouteBuilder v1, ServerOptions options)
    {
        v1.MapPost("/physics/evaluate", EvaluateAsync)
            .WithTags("Physics")
            .RequireAuthorization(Roles.Operator)
            .WithName("evaluateSolution")
            .WithSummary("Judge a solution: a .tar.gz (application/gzip) of its folder (solution.json and the .scad parts) with the benchmark as benchmark.json")
            .WithDescription("A solution that fails is a 200 answer with success=false and every reason; 422 means the upload could not be judged at all.")
            .Accepts<Stream>(WorkspacesApi.ArchiveMediaType)
            .Produces<EvaluationReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithBody(options.MaxSolutionBytes)
            .Secured();
    }

    private static async Task<Results<Ok<EvaluationReport>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        HttpRequest request,
        ServerOptions options,
        RunLaunchDefaults defaults,
        SimulationClient simulation,
        TimeProvider time,
        [FromQuery(Name = "samples"), Range(1, 100)] int? samples,
        CancellationToken cancellationToken)
    {
        if (samples is < 1 or > 100)
        {
            return ProblemResults.Invalid("samples", $"must be from 1 to 100, not {samples}");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals(WorkspacesApi.ArchiveMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                $"send the solution folder as a .tar.gz body with Content-Type: {WorkspacesApi.ArchiveMediaType}",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                type: ProblemTypes.UnsupportedMediaType);
        }

        var folder = Path.Combine(defaults.Home, "server-evaluations", Guid.CreateVersion7().ToString());
        try
        {
            try
            {
                await TarGzExtractor.ExtractAsync(request.Body, folder, new ArchiveLimits(options.MaxWorkspaceBytes, 10_000), cancellationToken);
            }
            catch (ArchiveRefusedException ex)
            {
                return ex.TooLarge ? TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Archive too large", type: ProblemTypes.BodyTooLarge)
                    : ex.Malformed ? ProblemResults.Invalid("body", ex.Message)
                    : TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Archive refused", type: ProblemTypes.ArchiveRefused);
            }

            BenchmarkSpec benchmark;
            SolutionSpec solution;
            try
            {
                var benchmarkPath = Path.Combine(folder, BenchmarkFile);
                if (!File.Exists(benchmarkPath) || new FileInfo(benchmarkPath).LinkTarget is not null)
                {
                    return Unjudgeable($"the archive has no {BenchmarkFile} at its top: put the benchmark's JSON there, beside {SolutionLoader.FileName}");
                }

                benchmark = BenchmarkLoader.Load(benchmarkPath);
                solution = SolutionLoader.Load(folder, benchmark);
            }
            catch (SpecException ex)
            {
                return Unjudgeable($"{Path.GetFileName(ex.File)} is not valid: {string.Join("; ", ex.Errors)} (the schemas are in docs/schemas/)");
            }
            catch (FileNotFoundException ex)
            {
                return Unjudgeable($"{Path.GetFileName(ex.FileName ?? SolutionLoader.FileName)} is missing: a solution needs {SolutionLoader.FileName} at the archive's top (docs/solution-format.md)");
            }

            PartAnalyzer analyzer;
            try
            {
                analyzer = defaults.CreateAnalyzer();
            }
            catch (SandboxUnavailableException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sandbox unavailable", type: ProblemTypes.Unavailable);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.EvaluationTimeout);
            try
            {
                var report = await new SolutionEvaluator(analyzer, simulation, time).EvaluateAsync(
                    benchmark, folder, solution, folder, new EvaluationOptions { Samples = samples ?? EvaluationOptions.DefaultSamples }, limit.Token);
                return TypedResults.Ok(report);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Unjudgeable($"the evaluation took longer than {options.EvaluationTimeout.TotalSeconds:0} s (serve limit); evaluate fewer samples");
            }
            catch (SimulationException ex)
            {
                return TypedResults.Problem($"MuJoCo's workers cannot run: {ex.Message}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Simulation unavailable", type: ProblemTypes.Unavailable);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static ProblemHttpResult Unjudgeable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The solution cannot be judged", type: ProblemTypes.InvalidSolution);
}
