using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
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
/// 200 clients follow 4 live runs over <c>GET /v1/runs/{id}/events/stream</c> (50 each) while a writer appends one event
/// per run every 100 ms and flushes it. For every event each client receives, the delay is measured from the writer's
/// append (an upper bound of the delay after it became durable, which happens inside the flush) and from the flush's
/// return (a lower bound: the commit happened before it). Target: p99 under 100 ms after the event is durable.
/// <c>--separate-writer</c> writes through a second store object over the same database, as another process would,
/// so the server sees the events only by polling.
/// </summary>
internal static class SseFanOutBenchmark
{
    private const int Clients = 200;
    private const int Runs = 4;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.FirstOrDefault(a => char.IsAsciiDigit(a[0])) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 15;
        var separate = args.Contains("--separate-writer");
        var home = Directory.CreateTempSubdirectory("leviathan-perf-sse").FullName;
        try
        {
            await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
            var key = (await new ApiKeyStore(store, TimeProvider.System).CreateAsync("perf", ApiKeyRole.Viewer)).Secret;
            var runs = new List<Guid>();
            for (var i = 0; i < Runs; i++)
            {
                var run = await store.CreateRunAsync(new RunSpec($"live run {i}", "software", "default", "/srv/workspaces/calc"));
                await store.MarkRunningAsync(run.Id);
                runs.Add(run.Id);
            }

            await using var writerStore = separate ? await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System) : null;
            var writing = writerStore ?? store;

            var (app, address) = await PerfServer.StartAsync(PerfServer.Options(workers: 1), store, new RunLaunchDefaults(home, null, new SandboxOptions()), LogLevel.Warning);
            await using var server = app;

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = address,
                Timeout = Timeout.InfiniteTimeSpan,
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            // One event per run before the clients come: a client counts as connected when it has received it (a stream sends
            // nothing, headers included, before its first event).
            foreach (var id in runs)
            {
                await using var first = await writing.OpenWriterAsync(id);
                first.Append(new NewEvent(EventKind.Thought, "planner", """{"text":"started"}"""));
                await first.FlushAsync();
            }

            var capacity = (seconds * 1000 / (int)Period.TotalMilliseconds) + 64;
            var appended = runs.Select(_ => new long[capacity]).ToArray();
            var flushed = runs.Select(_ => new long[capacity]).ToArray();
            var arrivals = Enumerable.Range(0, Clients).Select(_ => new List<(long Seq, long At)>(capacity)).ToArray();
            var connected = new CountdownEvent(Clients);
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => FollowAsync(http, runs[c % Runs], arrivals[c], connected))).ToArray();
            if (!connected.Wait(TimeSpan.FromSeconds(60)))
            {
                throw new InvalidOperationException($"only {Clients - connected.CurrentCount} of {Clients} SSE clients connected within 60 s");
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var writers = runs.Select((id, r) => Task.Run(() => WriteAsync(writing, id, appended[r], flushed[r], deadline))).ToArray();
            var written = await Task.WhenAll(writers);
            foreach (var id in runs)
            {
                await writing.CompleteRunAsync(id, RunStatus.Succeeded, "benchmark over", new RunUsage(0, 0, 0m, 0, TimeSpan.Zero));
            }

            var all = Task.WhenAll(clients);
            if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) != all)
            {
                throw new InvalidOperationException("the SSE streams did not end within 60 s of their runs finishing");
            }

            var fromAppend = new List<double>();
            var fromFlush = new List<double>();
            var wrong = 0;
            for (var c = 0; c < Clients; c++)
            {
                var r = c % Runs;
                var seqs = arrivals[c].Select(a => a.Seq).ToList();
                if (!seqs.SequenceEqual(Enumerable.Range(2, written[r]).Select(i => (long)i)))
                {
                    wrong++;
                }

                foreach (var (seq, at) in arrivals[c])
                {
                    fromAppend.Add(Stopwatch.GetElapsedTime(appended[r][seq], at).TotalMilliseconds);
                    fromFlush.Add(Stopwatch.GetElapsedTime(flushed[r][seq], at).TotalMilliseconds);
                }
            }

            fromAppend.Sort();
            fromFlush.Sort();
            var events = written.Sum();
            Console.WriteLine(FormattableString.Invariant(
                $"SSE fan-out, {Clients} clients on {Runs} live runs, {events} events written in {seconds} s ({1000 / Period.TotalMilliseconds:0} per run per second), writer {(separate ? "in another store object (polling path)" : "in the server's process (feed path)")}:"));
            Console.WriteLine(FormattableString.Invariant($"  deliveries {fromAppend.Count} (expected {Enumerable.Range(0, Clients).Sum(c => written[c % Runs])}); clients with a missing, repeated or out-of-order event: {wrong}"));
            Console.WriteLine(FormattableString.Invariant(
                $"  delay from append (upper bound): p50 {BenchmarkMachine.Percentile(fromAppend, 50):0.0} ms, p99 {BenchmarkMachine.Percentile(fromAppend, 99):0.0} ms, max {fromAppend[^1]:0.0} ms"));
            Console.WriteLine(FormattableString.Invariant(
                $"  delay from the flush's return (lower bound): p50 {BenchmarkMachine.Percentile(fromFlush, 50):0.0} ms, p99 {BenchmarkMachine.Percentile(fromFlush, 99):0.0} ms"));
            var p99 = BenchmarkMachine.Percentile(fromAppend, 99);
            Console.WriteLine(FormattableString.Invariant($"  target p99 < 100 ms after durable: {(p99 < 100 ? "met" : "NOT met")} (by the upper bound {p99:0.0} ms)"));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task FollowAsync(HttpClient http, Guid run, List<(long Seq, long At)> arrivals, CountdownEvent connected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run}/events/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                var seq = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                if (seq == 1)
                {
                    connected.Signal();
                    continue;
                }

                arrivals.Add((seq, Stopwatch.GetTimestamp()));
            }
        }
    }

    private static async Task<int> WriteAsync(TraceStore store, Guid run, long[] appended, long[] flushed, long deadline)
    {
        await using var writer = await store.OpenWriterAsync(run);
        using var timer = new PeriodicTimer(Period);
        var count = 0;
        while (Stopwatch.GetTimestamp() < deadline && count < appended.Length - 2)
        {
            var at = Stopwatch.GetTimestamp();
            var stored = writer.Append(new NewEvent(EventKind.Thought, "engineer", $$"""{"text":"step {{count}}: reading calc.py and the failing test to find why add() subtracts"}"""));
            appended[stored.Sequence] = at;
            await writer.FlushAsync();
            flushed[stored.Sequence] = Stopwatch.GetTimestamp();
            count++;
            await timer.WaitForNextTickAsync();
        }

        return count;
    }
}
