using Leviathan.Persistence.Tracing;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leviathan.Perf.Server;

/// <summary>The real server of a benchmark, on a free loopback port.</summary>
internal static class PerfServer
{
    /// <summary>
    /// Options with rate limits out of the way: the limit is per key and each benchmark drives the server with one key,
    /// so the figure measured is the server's, not the limiter's.
    /// </summary>
    public static Leviathan.Server.ServerOptions Options(int workers) =>
        new() { Urls = ["http://127.0.0.1:0"], Workers = workers, RateLimitBurst = 1_000_000, RateLimitPerSecond = 1_000_000 };

    /// <summary>Builds and starts the server; returns it with the address it listens on.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Leviathan.Server.ServerOptions options, TraceStore store, RunLaunchDefaults runs, LogLevel logLevel)
    {
        var app = ServerApp.Build(options, store, TimeProvider.System, runs, logLevel);
        await app.StartAsync();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }
}
