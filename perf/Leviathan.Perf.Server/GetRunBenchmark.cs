using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Leviathan.Tools.Sandbox;
using Microsoft.Extensions.Logging;

namespace Leviathan.Perf.Server;

/// <summary>
/// GET /v1/runs/{id} under load: the real server with one recorded run, driven by wrk with 64 connections (needs wrk:
/// apt-get install wrk). Targets: at least 5,000 requests/s, p99 under 20 ms. <c>--no-key-cache</c> reads the key from
/// the store on every request (the figure before the cache); <c>--log-info</c> logs at Information as <c>leviathan serve</c> does.
/// </summary>
internal static partial class GetRunBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.FirstOrDefault(a => char.IsAsciiDigit(a[0])) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 10;
        var keyCache = !args.Contains("--no-key-cache");
        var logLevel = args.Contains("--log-info") ? LogLevel.Information : LogLevel.Warning;
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

            var options = PerfServer.Options(workers: 1) with { KeyCacheLifetime = keyCache ? TimeSpan.FromSeconds(5) : TimeSpan.Zero };
            var (app, address) = await PerfServer.StartAsync(options, store, new RunLaunchDefaults(home, null, new SandboxOptions()), logLevel);
            await using var server = app;
            var url = new Uri(address, $"/v1/runs/{run.Id}").ToString();

            Wrk(url, key, 3, connections: 64); // warm-up: JIT, connection pool, SQLite page cache
            var before = BenchmarkMachine.Cpu().Own;
            var output = Wrk(url, key, seconds, connections: 64);
            var serverCpu = BenchmarkMachine.Cpu().Own - before;
            Console.WriteLine(output);
            var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var p99 = P99().Match(output);
            var p99Ms = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * p99.Groups[2].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 };
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"GET /v1/runs/{{id}}, 64 connections, {seconds} s, key cache {(keyCache ? "on" : "off")}, log level {logLevel}: {rate:0} req/s (target >= 5000: {(rate >= 5000 ? "met" : "NOT met")}), p99 {p99Ms:0.##} ms (target < 20 ms: {(p99Ms < 20 ? "met" : "NOT met")}); server CPU {serverCpu.TotalSeconds:0.0} s = {serverCpu.TotalMicroseconds / (rate * seconds):0} us per request"));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static string Wrk(string url, string key, int seconds, int connections)
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

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99();
}
