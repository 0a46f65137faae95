using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Leviathan.Server.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (it can do work), both without a key.</summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResource("ok", [])))
            .WithName("getHealth")
            .WithSummary("Liveness: the process is up")
            .WithTags("Health")
            .AllowAnonymous()
            .DisableRateLimiting();

        app.MapGet("/readyz", ReadyAsync)
            .WithName("getReadiness")
            .WithSummary("Readiness: the store is reachable, the sandbox is installed and the job queue's workers are running")
            .WithTags("Health")
            .Produces<HealthResource>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();
    }

    private static async Task<Results<Ok<HealthResource>, JsonHttpResult<HealthResource>>> ReadyAsync(TraceStore store, JobStore jobs, JobWorkerPool pool, ServerOptions options, CancellationToken cancellationToken)
    {
        var checks = new List<HealthCheckResource>();
        try
        {
            await store.ListRunsPageAsync(null, null, null, 1, cancellationToken);
            checks.Add(new HealthCheckResource("store", true, store.Location));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks.Add(new HealthCheckResource("store", false, $"{store.Location}: {ex.Message}"));
        }

        var bwrap = FindOnPath("bwrap");
        checks.Add(bwrap is null
            ? new HealthCheckResource("sandbox", false, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
            : new HealthCheckResource("sandbox", true, bwrap));

        var workers = pool.RunningWorkers;
        string queue;
        try
        {
            var (queued, running) = await jobs.CountActiveAsync(cancellationToken);
            queue = $"{workers} of {options.Workers} workers running; {queued} jobs queued, {running} running";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            queue = $"{workers} of {options.Workers} workers running; the jobs cannot be counted: {ex.Message}";
        }

        checks.Add(new HealthCheckResource("queue", workers == options.Workers, workers == options.Workers ? queue : $"{queue} (the server is starting or stopping, or a worker stopped: see the log)"));

        var ready = checks.All(c => c.Ok);
        var body = new HealthResource(ready ? "ready" : "not_ready", checks);
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
