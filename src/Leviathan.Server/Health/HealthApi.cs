using Leviathan.Persistence.Tracing;
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
            .WithSummary("Readiness: the store is reachable and the sandbox is installed")
            .WithTags("Health")
            .Produces<HealthResource>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();
    }

    private static async Task<Results<Ok<HealthResource>, JsonHttpResult<HealthResource>>> ReadyAsync(TraceStore store, CancellationToken cancellationToken)
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
