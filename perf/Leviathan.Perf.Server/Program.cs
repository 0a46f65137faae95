// Server benchmarks of issue 18, each against the real server (Kestrel on 127.0.0.1 over a SQLite store):
//   get   [SECONDS] [--no-key-cache]        GET /v1/runs/{id} under wrk, 64 connections: >= 5,000 req/s, p99 < 20 ms
//   sse   [SECONDS] [--separate-writer]     200 SSE clients following 4 live runs: delivery p99 < 100 ms after the event is durable
//   queue [RUNS] [WORKERS] [MODEL_SECONDS] [--warm]  POST /v1/runs with a scripted model: 500 runs, --workers 100, within 1.2x the ideal time
//                                           (--warm: one unmeasured wave of WORKERS runs first, as on a server that has been up a while)
// Usage: dotnet perf/Leviathan.Perf.Server/bin/Release/net10.0/Leviathan.Perf.Server.dll [MODE] [ARGS]   (a bare number is 'get SECONDS')
// As users run the server (ReadyToRun, like artifacts/leviathan from scripts/setup.sh):
//   dotnet publish perf/Leviathan.Perf.Server -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
//     -p:ErrorOnDuplicatePublishOutputFiles=false -o /tmp/perf-server-r2r && dotnet /tmp/perf-server-r2r/Leviathan.Perf.Server.dll queue 500 100 1
using Leviathan.Perf.Server;

var mode = args.Length > 0 && !char.IsAsciiDigit(args[0][0]) ? args[0] : "get";
var rest = args.Length > 0 && !char.IsAsciiDigit(args[0][0]) ? args[1..] : args;
Console.WriteLine($"machine before: {BenchmarkMachine.Describe()}");
var cpu = BenchmarkMachine.Cpu();
switch (mode)
{
    case "get":
        await GetRunBenchmark.RunAsync(rest);
        break;
    case "sse":
        await SseFanOutBenchmark.RunAsync(rest);
        break;
    case "queue":
        await QueuedRunsBenchmark.RunAsync(rest);
        break;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}': use get, sse or queue");
        return 2;
}

var end = BenchmarkMachine.Cpu();
Console.WriteLine($"machine after: {BenchmarkMachine.Describe()}");
Console.WriteLine(FormattableString.Invariant(
    $"CPU of this process: {(end.Own - cpu.Own).TotalSeconds:0.0} s (its reaped child processes: {(end.Children - cpu.Children).TotalSeconds:0.0} s); peak resident memory {BenchmarkMachine.PeakResidentMegabytes():0} MB"));
return 0;
