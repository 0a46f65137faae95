using System.Globalization;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Processes;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;

// Benchmark generation throughput per family: kept benchmarks per minute of wall time, seconds per candidate
// (median) and the share of candidates rejected per reason. Every family runs --rounds times with a different
// seed and --count benchmarks to keep, --workers candidates at a time, on a cold OpenSCAD cache each round.
// Run: dotnet run -c Release --project perf/Leviathan.Perf.Generation [-- --count N --rounds R --workers W --family drop,gap --screening-group G --stall S --seed N --verbose]
// (--stall 0 searches every solver candidate; kept ones then show how long the solver stalled before solving;
// --verbose prints every candidate's outcome.)
// CPU s per kept counts this process and its simulation workers; OpenSCAD runs in bubblewrap are counted, not timed
// (a new PID namespace hides their CPU time from the host): one box render costs about 30 ms of CPU.
// That build JIT-compiles everything it runs, the simulation workers too. Users run the ReadyToRun publish of
// scripts/setup.sh (artifacts/leviathan, whose workers are ReadyToRun as well), with profile-guided tiering off (the
// leviathan command's setting; the workers have it off themselves); to measure what they get, publish the harness the
// same way and run the publish with that setting:
//   dotnet publish perf/Leviathan.Perf.Generation -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
//     -p:ErrorOnDuplicatePublishOutputFiles=false --artifacts-path artifacts/perf-build -o artifacts/perf-generation
//   DOTNET_TieredPGO=0 dotnet artifacts/perf-generation/Leviathan.Perf.Generation.dll --family push --count 2 --rounds 1 --workers 2
var count = Arg("--count", 3);
var rounds = Arg("--rounds", 2);
var seed = Arg("--seed", 1000); // round r uses seed + r
var workers = Arg("--workers", Environment.ProcessorCount);
var stall = Arg("--stall", GeneratorOptions.DefaultSolverStallLimit); // 0: no stall limit
var screeningGroup = Arg("--screening-group", new SolverOptions { CacheDirectory = string.Empty }.ScreeningGroupSize);
var runner = new CountingProcessRunner(ProcessRunners.Create(new SandboxOptions()));
using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = Math.Max(2, workers * 2) });
await simulation.WarmUpAsync(Environment.ProcessorCount, CancellationToken.None);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; keep {count} per round, {rounds} rounds per family, {workers} workers, screening groups of {screeningGroup}, solver stall limit {(stall > 0 ? stall : "off")}, sandbox {runner.Isolation}");
Console.WriteLine($"{"family",-8} {"tried",6} {"kept",5} {"kept/min",9} {"s/candidate (median)",21} {"invalid",8} {"trivial",8} {"unsolved",9} {"solver candidates/kept (median)",32}");
var only = Array.IndexOf(args, "--family") is var f && f >= 0 && f + 1 < args.Length ? args[f + 1].Split(',') : null;
foreach (var family in BenchmarkFamilies.All.Where(x => only is null || only.Contains(x.Name)))
{
    var records = new List<CandidateRecord>();
    var wall = 0.0;
    var cpuStarted = CpuMeter.Seconds();
    var cadStarted = runner.Runs;
    for (var round = 0; round < rounds; round++)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"leviathan-perf-gen-{Guid.NewGuid():N}");
        try
        {
            var analyzer = new PartAnalyzer(new OpenScadClient(new CadOptions { CacheDirectory = Path.Combine(scratch, "cad") }, runner));
            var started = TimeProvider.System.GetTimestamp();
            var index = await new BenchmarkGenerator(analyzer, simulation, TimeProvider.System).GenerateAsync(
                new GeneratorOptions
                {
                    Count = count,
                    Seed = seed + round,
                    OutputDirectory = Path.Combine(scratch, "out"),
                    Families = [family],
                    Workers = workers,
                    SolverStallLimit = stall > 0 ? stall : null,
                    Solver = new SolverOptions { CacheDirectory = Path.Combine(scratch, "boxes"), ScreeningGroupSize = screeningGroup },
                },
                null,
                CancellationToken.None);
            wall += TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            records.AddRange(index.Candidates);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    if (args.Contains("--verbose"))
    {
        foreach (var r in records)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"         {r.Id} {(r.Kept ? "kept" : r.Reason),-9} {r.Seconds,7:0.0} s, {r.SolverCandidates} solver candidates: {r.Detail}"));
        }
    }

    var kept = records.Count(r => r.Kept);
    var cpu = CpuMeter.Seconds() - cpuStarted;
    string Share(string reason) => (100.0 * records.Count(r => r.Reason == reason) / records.Count).ToString("0", CultureInfo.InvariantCulture) + "%";
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{family.Name,-8} {records.Count,6} {kept,5} {kept / wall * 60,9:0.00} {Median(records.Select(r => r.Seconds)),21:0.0} {Share(RejectionReasons.Invalid),8} {Share(RejectionReasons.Trivial),8} {Share(RejectionReasons.Unsolved),9} {Median(records.Where(r => r.Kept).Select(r => (double)r.SolverCandidates)),32:0}"));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"         solver stall (candidates without 1 mm of progress): kept {string.Join(" ", records.Where(r => r.Kept).Select(r => r.SolverStall).Order())}; unsolved {string.Join(" ", records.Where(r => r.Reason == RejectionReasons.Unsolved).Select(r => $"{r.SolverCandidates}/{r.SolverStall}"))} (screened/stall)"));
    var phases = records.Where(r => r.Kept && r.Phases is not null).Select(r => r.Phases!).ToList();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"         kept ones, median s per proof: valid {Median(phases.Select(p => p.Valid)):0.00}, trivial {Median(phases.Select(p => p.Trivial)):0.00}, solve {Median(phases.Select(p => p.Solve)):0.00}, reference {Median(phases.Select(p => p.Reference)):0.00}; CPU s per kept {cpu / Math.Max(1, kept):0.0} (kept per CPU-minute {kept / cpu * 60:0.00}); OpenSCAD runs per kept {(runner.Runs - cadStarted) / (double)Math.Max(1, kept):0.0} (sandboxed, not in the CPU figure)"));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
