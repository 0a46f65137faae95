using System.Security.Claims;
using System.Threading.RateLimiting;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Auth;
using Leviathan.Server.Health;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Server.Keys;
using Leviathan.Server.OpenApi;
using Leviathan.Server.Physics;
using Leviathan.Server.Problems;
using Leviathan.Server.Runs;
using Leviathan.Server.Workspaces;
using Leviathan.Simulation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Hosting;

/// <summary>Builds the HTTP service over an opened trace store: services, the middleware order that keeps errors honest, and the /v1 endpoints.</summary>
internal static class ServerApp
{
    public static WebApplication Build(ServerOptions options, TraceStore store, TimeProvider time, RunLaunchDefaults runs, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Check();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(ServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(minimumLevel);

        // ASP.NET Core writes several Information lines per request (start, endpoint, finish): a quarter of the CPU of a
        // small GET. They stay available at Debug (leviathan serve --verbose); warnings and errors always show.
        if (minimumLevel >= LogLevel.Information)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(time);
        services.AddSingleton(new ApiKeyStore(store, time, options.KeyCacheLifetime));
        services.AddSingleton(new JobStore(store, time));
        services.AddSingleton(runs);
        services.AddSingleton(new Leviathan.Persistence.Backups.BackupService(options.Backup, store, time));
        services.AddSingleton<Evaluations.EvaluationProgressBoard>();
        services.AddSingleton<JobWorkerPool>();
        services.AddHostedService(provider => provider.GetRequiredService<JobWorkerPool>());
        services.AddSingleton(_ => new SimulationClient(new SimulationClientOptions { MaxWorkers = Math.Max(1, Environment.ProcessorCount) }));

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, Leviathan.Engineering.Json.EngineeringJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.RespectNullableAnnotations = true;
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StableProblem);
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in new[] { Roles.Viewer, Roles.Operator, Roles.Admin })
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
        }

        // Unknown paths and wrong methods need a key too: an anonymous caller learns nothing about what exists.
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.Viewer).Build());

        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) is { } key
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimitBurst,
                        TokensPerPeriod = options.RateLimitPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(
                    rejected.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    ProblemTypes.RateLimited,
                    "Too many requests",
                    $"this key made more than {options.RateLimitPerSecond} requests per second (bursts up to {options.RateLimitBurst}); retry after {retryAfter} s");
            };
        });

        services.AddOpenApi("v1", ContractTransformers.Configure);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().DisableRateLimiting();
        app.MapHealthApi();
        var v1 = app.MapGroup("/v1");
        v1.MapRunsApi();
        v1.MapPhysicsApi(options);
        v1.MapKeysApi();
        Backups.BackupsApi.MapBackupsApi(v1);
        v1.MapJobsApi();
        v1.MapWorkspacesApi(options);
        v1.MapEvaluateApi(options);
        v1.MapPhysicsAttemptsApi();
        Generations.GenerationsApi.MapGenerationsApi(v1);
        Evaluations.EvaluationsApi.MapEvaluationsApi(v1);
        return app;
    }

    /// <summary>Every problem gets a stable type (including the ones the framework writes for 404 and 405) and no framework-specific fields.</summary>
    private static void StableProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.Remove("traceId");
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            (problem.Type, problem.Title, problem.Detail) = problem.Status switch
            {
                StatusCodes.Status404NotFound => (ProblemTypes.NotFound, "Not found", problem.Detail ?? "there is nothing at this path; the OpenAPI document at /openapi/v1.json lists the operations"),
                StatusCodes.Status405MethodNotAllowed => (ProblemTypes.MethodNotAllowed, "Method not allowed", problem.Detail ?? "this path does not take this method; see /openapi/v1.json"),
                StatusCodes.Status400BadRequest => (ProblemTypes.Validation, problem.Title ?? "Invalid request", problem.Detail),
                StatusCodes.Status401Unauthorized => (ProblemTypes.Unauthenticated, "Unauthenticated", problem.Detail),
                StatusCodes.Status403Forbidden => (ProblemTypes.Forbidden, "Forbidden", problem.Detail),
                StatusCodes.Status413PayloadTooLarge => (ProblemTypes.BodyTooLarge, "Request body too large", problem.Detail),
                StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType, "Unsupported media type", problem.Detail ?? "send the body as application/json"),
                StatusCodes.Status416RangeNotSatisfiable => (ProblemTypes.RangeNotSatisfiable, "Range not satisfiable", problem.Detail ?? "the requested range is outside the content"),
                _ => (ProblemTypes.Internal, problem.Title ?? "Error", problem.Detail),
            };
        }
    }
}
