using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leviathan.Models.Profiles;
using Leviathan.Persistence;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Leviathan.Testing.FakeOpenAi;
using Leviathan.Tools.Sandbox;
using Microsoft.Extensions.Logging;

namespace Leviathan.Perf.Server;

/// <summary>
/// <c>POST /v1/runs</c> many times against the real server with <c>--workers N</c>: every run is a real software run
/// (real bubblewrap sandbox for its verification, real store, workspace snapshots) whose model is the fake
/// OpenAI-compatible server answering each call after a fixed latency: the planner writes one TODO, the engineer
/// finishes, the critic accepts (three calls). The ideal time is ceil(runs / workers) x calls per run x latency.
/// Target: 500 runs with 100 workers and a 1 s model within 1.2x the ideal time.
/// </summary>
internal static class QueuedRunsBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var numbers = args.Where(a => char.IsAsciiDigit(a[0])).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToList();
        var runs = numbers.Count > 0 ? (int)numbers[0] : 500;
        var workers = numbers.Count > 1 ? (int)numbers[1] : 100;
        var latency = TimeSpan.FromSeconds(numbers.Count > 2 ? numbers[2] : 1.0);
        var home = Directory.CreateTempSubdirectory("leviathan-perf-queue").FullName;
        var roots = Directory.CreateTempSubdirectory("leviathan-perf-queue-ws").FullName;
        try
        {
            await using var model = await FakeOpenAiServer.StartAsync();
            model.RespondWith(request => Reply(request) with { Delay = latency });

            await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
            var key = (await new ApiKeyStore(store, TimeProvider.System).CreateAsync("perf", ApiKeyRole.Operator)).Secret;
            var options = PerfServer.Options(workers) with { WorkspaceRoots = [roots], MaxUnfinishedJobsPerKey = Math.Max(runs, workers) };
            var catalog = new ModelCatalog(
                [new ModelProfile(ModelProfile.DefaultName, model.BaseUrl, "fake-model", null, 32_768, 0m, 0m, ModelCatalogParser.DefaultCapabilities, TimeSpan.FromMinutes(2))],
                new Dictionary<string, string>());
            var (app, address) = await PerfServer.StartAsync(options, store, new RunLaunchDefaults(home, catalog, new SandboxOptions()), LogLevel.Warning);
            await using var server = app;

            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var jobStore = new JobStore(store, TimeProvider.System);

            // --warm: one wave of runs first, not measured, as a server that has been up a while has already compiled its hot code.
            var warmCalls = 0;
            if (args.Contains("--warm"))
            {
                await QueueAllAsync(http, Workspaces(roots, "warm", workers));
                while (await jobStore.CountActiveAsync() is var (waiting, running) && waiting + running > 0)
                {
                    await Task.Delay(50);
                }

                warmCalls = model.ChatRequests.Count;
            }

            var workspaces = Workspaces(roots, "task", runs);
            var cpu = BenchmarkMachine.Cpu();
            var start = Stopwatch.GetTimestamp();
            var jobs = await QueueAllAsync(http, workspaces);
            var queued = Stopwatch.GetElapsedTime(start);

            var peakRunning = 0;
            var (samples, threadSum, pendingSum, maxThreads, maxPending) = (0, 0L, 0L, 0, 0L);
            while (await jobStore.CountActiveAsync() is var (waiting, running) && waiting + running > 0)
            {
                peakRunning = Math.Max(peakRunning, running);

                // Thread-pool pressure: a growing thread count or a backlog of queued work items means blocked threads.
                var (threads, pending) = (ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
                (samples, threadSum, pendingSum) = (samples + 1, threadSum + threads, pendingSum + pending);
                (maxThreads, maxPending) = (Math.Max(maxThreads, threads), Math.Max(maxPending, pending));
                await Task.Delay(50);
            }

            var makespan = Stopwatch.GetElapsedTime(start);
            var used = BenchmarkMachine.Cpu();
            var records = new List<JobRecord>();
            foreach (var id in jobs)
            {
                records.Add((await jobStore.FindAsync(id))!);
            }

            var calls = model.ChatRequests.Count - warmCalls;
            var callsPerRun = (double)calls / runs;
            var ideal = TimeSpan.FromSeconds(Math.Ceiling((double)runs / workers) * Math.Round(callsPerRun) * latency.TotalSeconds);
            var waits = records.Select(r => (r.StartedAt!.Value - r.CreatedAt).TotalMilliseconds).Order().ToList();
            var durations = records.Select(r => (r.EndedAt!.Value - r.StartedAt!.Value).TotalMilliseconds).Order().ToList();
            var outcomes = string.Join(", ", records.GroupBy(r => r.Outcome ?? "none").Select(g => $"{g.Key} {g.Count()}"));
            Console.WriteLine(FormattableString.Invariant($"queued runs: {runs} runs, --workers {workers}, model latency {latency.TotalSeconds:0.##} s per call, {calls} model calls ({callsPerRun:0.##} per run){(warmCalls > 0 ? $", after an unmeasured warm-up wave of {workers} runs" : string.Empty)}"));
            Console.WriteLine(FormattableString.Invariant(
                $"  CPU while the batch ran: {(used.Own - cpu.Own).TotalSeconds:0.0} s in this process ({(used.Own - cpu.Own).TotalMilliseconds / runs:0} ms per run), {(used.Children - cpu.Children).TotalSeconds:0.0} s in reaped child processes"));
            Console.WriteLine(FormattableString.Invariant($"  all {runs} POSTs answered in {queued.TotalSeconds:0.00} s; outcomes: {outcomes}; most jobs running at once: {peakRunning}"));
            Console.WriteLine(FormattableString.Invariant(
                $"  one run (lease to done): p50 {BenchmarkMachine.Percentile(durations, 50) / 1000:0.00} s, p99 {BenchmarkMachine.Percentile(durations, 99) / 1000:0.00} s (model time {callsPerRun * latency.TotalSeconds:0.00} s); queue wait p50 {BenchmarkMachine.Percentile(waits, 50) / 1000:0.00} s, max {waits[^1] / 1000:0.00} s"));
            Console.WriteLine(FormattableString.Invariant(
                $"  thread pool while running: threads mean {(double)threadSum / Math.Max(1, samples):0} max {maxThreads}; queued work items mean {(double)pendingSum / Math.Max(1, samples):0.0} max {maxPending}"));
            await PhasesAsync(store, records);

            // Where the slowest run's time went: the gaps between its consecutive events (and from its lease to the first).
            var slowest = records.MaxBy(r => r.EndedAt!.Value - r.StartedAt!.Value)!;
            if (slowest.RunId is { } slowRun)
            {
                var previous = (At: slowest.StartedAt!.Value, What: "leased");
                var gaps = new List<string>();
                foreach (var evt in await store.ReadEventsAsync(slowRun))
                {
                    var gap = evt.Timestamp - previous.At;
                    if (gap > TimeSpan.FromMilliseconds(300))
                    {
                        gaps.Add(FormattableString.Invariant($"{previous.What} -> {evt.Kind}/{evt.Role} {gap.TotalSeconds:0.0} s"));
                    }

                    previous = (evt.Timestamp, $"{evt.Kind}/{evt.Role}");
                }

                gaps.Add(FormattableString.Invariant($"{previous.What} -> job done {(slowest.EndedAt!.Value - previous.At).TotalSeconds:0.0} s"));
                Console.WriteLine($"  slowest run's gaps over 0.3 s: {string.Join("; ", gaps)}");
            }

            var ratio = makespan / ideal;
            Console.WriteLine(FormattableString.Invariant(
                $"  all done in {makespan.TotalSeconds:0.00} s; ideal {ideal.TotalSeconds:0.00} s; ratio {ratio:0.00} (target <= 1.2: {(ratio <= 1.2 ? "met" : "NOT met")})"));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
            Directory.Delete(roots, recursive: true);
        }
    }

    private static List<string> Workspaces(string roots, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var folder = Directory.CreateDirectory(Path.Combine(roots, $"{prefix}-{i:D4}")).FullName;
            File.WriteAllText(Path.Combine(folder, "calc.py"), "def add(a, b):\n    return a + b\n");
            return folder;
        })];

    /// <summary>POSTs one run per workspace, 16 at a time; returns the jobs in order.</summary>
    private static async Task<Guid[]> QueueAllAsync(HttpClient http, List<string> workspaces)
    {
        var jobs = new Guid[workspaces.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, workspaces.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var body = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["goal"] = $"Task {i}: check that add() in calc.py adds.",
                ["workspace"] = workspaces[i],
                ["verify_command"] = "true",
                ["max_steps"] = 10,
            });
            using var response = await http.PostAsync("/v1/runs", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /v1/runs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            jobs[i] = Guid.Parse(response.Headers.Location!.ToString()["/v1/jobs/".Length..]);
        });
        return jobs;
    }

    /// <summary>Where every run's time outside its model calls went: lease to its first event, last event to its job's end.</summary>
    private static async Task PhasesAsync(TraceStore store, List<JobRecord> records)
    {
        var (start, end) = (new List<double>(), new List<double>());
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.RunId is not null))
        {
            var events = await store.ReadEventsAsync(record.RunId!.Value);
            if (events.Count > 0)
            {
                start.Add((events[0].Timestamp - record.StartedAt!.Value).TotalMilliseconds);
                end.Add((record.EndedAt!.Value - events[^1].Timestamp).TotalMilliseconds);
            }

            for (var i = 1; i < events.Count; i++)
            {
                var step = $"{events[i - 1].Kind}/{events[i - 1].Role} -> {events[i].Kind}/{events[i].Role}";
                (steps.TryGetValue(step, out var gaps) ? gaps : steps[step] = []).Add((events[i].Timestamp - events[i - 1].Timestamp).TotalMilliseconds);
            }
        }

        start.Sort();
        end.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"  lease -> first event: p50 {BenchmarkMachine.Percentile(start, 50):0} ms, p99 {BenchmarkMachine.Percentile(start, 99):0} ms; last event -> job done: p50 {BenchmarkMachine.Percentile(end, 50):0} ms, p99 {BenchmarkMachine.Percentile(end, 99):0} ms"));
        // The steps between consecutive events that take longest in total (model calls included).
        foreach (var (step, gaps) in steps.OrderByDescending(s => s.Value.Sum()).Take(8))
        {
            gaps.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"    {step}: {gaps.Count}x, mean {gaps.Average():0} ms, p50 {BenchmarkMachine.Percentile(gaps, 50):0} ms, p99 {BenchmarkMachine.Percentile(gaps, 99):0} ms"));
        }
    }

    /// <summary>Answers from what the request holds, so runs may interleave: each role's first call ends its part.</summary>
    private static FakeReply Reply(FakeRequest request)
    {
        var tools = request.ToolNames;
        if (tools.Contains("verdict"))
        {
            return FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The verification passed." } });
        }

        return tools.Contains("finish")
            ? FakeReply.ToolCall("finish", new { summary = "add() already adds; nothing to change." })
            : FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Check add()", status = "pending" } } });
    }
}
