using System.Diagnostics;
using System.Globalization;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Tracing;

// Trace store benchmarks (issue figures):
//  1. sustained append rate of ~1 KB events through the group-commit writer, flushing every 20 events
//     as an agent loop does at the end of each step;
//  2. `leviathan runs show` of a run with 10,000 events, as a whole process (start-up included) and in-process.
// Usage: dotnet run -c Release --project perf/Leviathan.Perf.Trace [-- --events N --rounds R --cli PATH]
var events = Arg("--events", 200_000);
var rounds = Arg("--rounds", 5);
var cli = args.SkipWhile(a => a != "--cli").Skip(1).FirstOrDefault()
    ?? Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "artifacts", "leviathan", "leviathan");

var root = Path.Combine(Path.GetTempPath(), $"leviathan-perf-trace-{Guid.NewGuid():N}");
try
{
    var payload = "{\"role\":\"assistant\",\"content\":\"" + new string('a', 960) + "\"}";
    Console.WriteLine($"append: {events} events of {payload.Length} bytes, flush every 20, {rounds} rounds");
    var rates = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        var home = Path.Combine(root, $"append-{round}");
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
        var run = await store.CreateRunAsync(new RunSpec("perf", "software", null, null));
        await using var writer = await store.OpenWriterAsync(run.Id);
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= events; i++)
        {
            writer.Append(new NewEvent(EventKind.Message, "engineer", payload));
            if (i % 20 == 0)
            {
                await writer.FlushAsync();
            }
        }

        await writer.FlushAsync();
        var rate = events / clock.Elapsed.TotalSeconds;
        rates.Add(rate);
        Console.WriteLine($"  round {round + 1}: {rate:N0} events/s");
    }

    Console.WriteLine($"append median: {Median(rates):N0} events/s (target >= 20,000)");

    // A run of 10,000 events of mixed kinds with a tool-call tree.
    var showHome = Path.Combine(root, "show");
    Guid showRun;
    await using (var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = showHome }, TimeProvider.System))
    {
        var run = await store.CreateRunAsync(new RunSpec("a run with 10,000 events", "software", "default", "/ws"));
        showRun = run.Id;
        await using var writer = await store.OpenWriterAsync(run.Id);
        for (var i = 0; i < 2500; i++)
        {
            var message = writer.Append(new NewEvent(EventKind.Message, "engineer", payload));
            var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer", """{"call_id":"c","name":"run_command","arguments":{"command":"pytest -q"}}""", message.Id));
            writer.Append(new NewEvent(EventKind.ToolResult, "engineer", """{"call_id":"c","is_error":false,"exit_code":0,"text":"12 passed"}""", call.Id, TimeSpan.FromMilliseconds(900)));
            writer.Append(new NewEvent(EventKind.Thought, "engineer", """{"text":"next item"}"""));
        }

        await writer.FlushAsync();
    }

    var inProcess = new List<double>();
    for (var round = 0; round < rounds + 2; round++)
    {
        var clock = Stopwatch.StartNew();
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = showHome }, TimeProvider.System);
        var run = await store.FindRunAsync(showRun);
        var loaded = await store.ReadEventsAsync(showRun);
        if (loaded.Count != 10_000 || run is null)
        {
            throw new InvalidOperationException($"expected 10,000 events, read {loaded.Count}");
        }

        inProcess.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"runs show, in-process (open + read 10,000 events), median of the last {rounds}: {Median(inProcess.Skip(2).ToList()):N1} ms");

    if (File.Exists(cli))
    {
        var whole = new List<double>();
        for (var round = 0; round < rounds + 1; round++)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo(cli, ["--home", showHome, "runs", "show", showRun.ToString()])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !output.Contains("events    10000", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"runs show failed with exit {process.ExitCode}");
            }

            whole.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"runs show, whole process ({cli}), median of the last {rounds}: {Median(whole.Skip(1).ToList()):N1} ms (target < 300)");
    }
    else
    {
        Console.WriteLine($"runs show, whole process: skipped, {cli} is not published (run scripts/setup.sh first)");
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
