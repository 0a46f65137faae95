using System.CommandLine;
using Leviathan.Cli.Configuration.Settings;
using Leviathan.Cli.Hosting;
using Leviathan.Server;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan serve</c>: the HTTP service (docs/service.md) over this home's trace store.</summary>
internal static class ServeCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, comma-separated (default serve.urls, else http://127.0.0.1:8080; loopback unless you say otherwise)" };
        var workers = new Option<int?>("--workers") { Description = "Runs that execute in the server's process at once (default serve.workers, else 2)" };
        var command = new Command("serve", "Serve the HTTP API (/v1, OpenAPI at /openapi/v1.json); every endpoint but /healthz and /readyz needs a key from 'leviathan keys create'") { urls, workers };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var options = Options(context, context.ParseResult.GetValue(urls), context.ParseResult.GetValue(workers));
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            WebApplication app;
            try
            {
                var runs = new RunLaunchDefaults(context.Home, ModelsCommands.LoadCatalog(context), SandboxCommands.Options(context));
                app = ServerApp.Build(options, store, context.Time, runs, context.Verbose ? LogLevel.Debug : LogLevel.Information);
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage(ex.Message);
            }

            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (IOException ex)
                {
                    throw CliException.Failed($"cannot listen on {string.Join(", ", options.Urls)}: {ex.Message}", "choose another port with --urls, or stop the program that uses it");
                }

                await context.Stderr.WriteLineAsync($"serving {store.Location} on {string.Join(", ", app.Urls)} (OpenAPI: /openapi/v1.json); Ctrl+C stops");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: stop accepting, let running requests finish.
                }

                await app.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Success;
        });
    }

    internal static ServerOptions Options(CliContext context, string? urls, int? workers)
    {
        var serve = context.Config.Settings<ServeSettings>();
        static string[] List(string? value) => value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new ServerOptions
        {
            Urls = List(urls ?? serve.Urls),
            Backup = BackupCommands.Options(context),
            Workers = workers ?? serve.Workers,
            RateLimitBurst = serve.RateLimitBurst,
            RateLimitPerSecond = serve.RateLimitPerSecond,
            MaxModelBytes = serve.MaxModelBytes,
            WorkspaceRoots = List(serve.WorkspaceRoots),
            MaxUnfinishedJobsPerKey = serve.MaxJobsPerKey,
            MaxArchiveBytes = serve.MaxArchiveBytes,
            MaxWorkspaceBytes = serve.MaxWorkspaceBytes,
            MaxBenchmarkBytes = serve.MaxBenchmarkBytes,
            MaxGenerationCount = serve.MaxGenerationCount,
            GenerationWorkers = serve.GenerationWorkers,
            KeyCacheLifetime = TimeSpan.FromSeconds(serve.KeyCacheSeconds),
            StreamHeartbeat = TimeSpan.FromSeconds(serve.StreamHeartbeatSeconds),
        };
        try
        {
            options.Check();
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(ex.Message);
        }

        return options;
    }
}
