// GET /v1/runs/{id} under load: the real server (Kestrel on 127.0.0.1, a SQLite store with one recorded run) driven by
// wrk with 64 connections. Targets (issue 18): at least 5,000 requests/s, p99 under 20 ms.
// Usage: dotnet run -c Release --project perf/Leviathan.Perf.Server [-- SECONDS]   (needs wrk: apt-get install wrk)
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server;
using Leviathan.Server.Hosting;
using Leviathan.Server.Jobs;
using Leviathan.Tools.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var home = Directory.CreateTempSubdirectory("leviathan-perf-server").FullName;
try
{
    await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
    var key = (await new ApiKeyStore(store, TimeProvider.System).CreateAsync("perf", ApiKeyRole.Viewer)).Secret;
    var run = await store.CreateRunAsync(new RunSpec("Make the tests in test_calc.py pass", "software", "default", "/srv/workspaces/calc"));
    await store.MarkRunningAsync(run.Id);
    await using (var writer = await store.OpenWriterAsync(run.Id))
    {
        for (var i = 0; i < 40; i++)
        {
            writer.Append(new NewEvent(EventKind.Thought, "engineer", $$"""{"text":"step {{i}}"}"""));
        }

        await writer.FlushAsync();
    }

    await store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "verified", new RunUsage(18_000, 1_300, 0.02m, 8, TimeSpan.FromSeconds(41)));

    // The rate limit is per key; the figure measured here is the server's, so the one key may go as fast as it can.
    var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], Workers = 1, RateLimitBurst = 1_000_000, RateLimitPerSecond = 1_000_000 };
    await using var app = ServerApp.Build(options, store, TimeProvider.System, new RunLaunchDefaults(home, null, new SandboxOptions()), LogLevel.Warning);
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var url = $"{address}/v1/runs/{run.Id}";

    Wrk(url, key, 3, connections: 64); // warm-up: JIT, connection pool, SQLite page cache
    var output = Wrk(url, key, seconds, connections: 64);
    Console.WriteLine(output);
    var rate = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    var p99 = Regex.Match(output, @"99%\s+([\d.]+)(us|ms|s)");
    var p99Ms = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * p99.Groups[2].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /v1/runs/{{id}}, 64 connections, {seconds} s on {Environment.ProcessorCount} cores: {rate:0} req/s (target >= 5000: {(rate >= 5000 ? "met" : "NOT met")}), p99 {p99Ms:0.##} ms (target < 20 ms: {(p99Ms < 20 ? "met" : "NOT met")})"));
    await app.StopAsync();
}
finally
{
    Directory.Delete(home, recursive: true);
}

static string Wrk(string url, string key, int seconds, int connections)
{
    var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {key}", url })
    {
        info.ArgumentList.Add(argument);
    }

    using var wrk = Process.Start(info) ?? throw new InvalidOperationException("wrk could not be started: apt-get install wrk");
    var output = wrk.StandardOutput.ReadToEnd();
    var error = wrk.StandardError.ReadToEnd();
    wrk.WaitForExit();
    return wrk.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {error}");
}
