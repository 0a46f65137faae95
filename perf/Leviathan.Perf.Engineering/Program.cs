using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Overlaps;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Processes;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Tools.Sandbox;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

// Evaluation time of the 3-part example solution (examples/solutions/ramp-to-goal), split into CAD, checks
// and simulation. Run: dotnet run -c Release --project perf/Leviathan.Perf.Engineering [-- --rounds N --samples K]
// cold: empty CAD cache (every part and every overlap intersection rendered by OpenSCAD in bubblewrap);
// warm: the same evaluation again with the cache filled (what an agent's repeated evaluate costs).
// --tools: validate_solution and simulate as an agent calls them (see ToolsBenchmark).
if (args.Contains("--tools"))
{
    await Leviathan.Perf.Engineering.ToolsBenchmark.RunAsync(Leviathan.Testing.RepositoryRoot.Path, Arg("--rounds", 10));
    return;
}

var rounds = Arg("--rounds", 5);
var samples = Arg("--samples", 3);
var root = Leviathan.Testing.RepositoryRoot.Path;
var benchmarkPath = Path.Combine(root, "examples", "benchmarks", "ramp-to-goal.json");
var solutionFolder = Path.Combine(root, "examples", "solutions", "ramp-to-goal");
var benchmark = BenchmarkLoader.Load(benchmarkPath);
var solution = SolutionLoader.Load(solutionFolder, benchmark);
var runner = ProcessRunners.Create(new SandboxOptions());
using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = Environment.ProcessorCount });
await simulation.WarmUpAsync(Environment.ProcessorCount, CancellationToken.None);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; rounds {rounds}, samples {samples}, sandbox {runner.Isolation}");
Console.WriteLine($"solution: {solution.Parts.Count} parts, benchmark {benchmark.Id} ({benchmark.Objective.TimeLimit} s simulated per sample)");
var cold = new List<EvaluationTimings>();
var warm = new List<EvaluationTimings>();
for (var round = 0; round < rounds; round++)
{
    var cache = Path.Combine(Path.GetTempPath(), $"leviathan-perf-cad-{Guid.NewGuid():N}");
    try
    {
        var evaluator = new SolutionEvaluator(new PartAnalyzer(new OpenScadClient(new CadOptions { CacheDirectory = cache }, runner)), simulation, TimeProvider.System);
        foreach (var list in new[] { cold, warm })
        {
            var report = await evaluator.EvaluateAsync(benchmark, Path.GetDirectoryName(benchmarkPath)!, solution, solutionFolder, new EvaluationOptions { Samples = samples }, CancellationToken.None);
            if (!report.Success)
            {
                throw new InvalidOperationException("the example solution failed: " + string.Join("; ", report.Reasons.Select(r => r.Message)));
            }

            list.Add(report.Timings);
        }
    }
    finally
    {
        Directory.Delete(cache, recursive: true);
    }
}

// The example's parts only touch, so their bounding boxes do not overlap and no intersection is rendered;
// this measures what one exact overlap check costs when it is (plank vs a rail sunk 2 mm into it).
var overlapSeconds = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var cache = Path.Combine(Path.GetTempPath(), $"leviathan-perf-overlap-{Guid.NewGuid():N}");
    try
    {
        var cad = new OpenScadClient(new CadOptions { CacheDirectory = cache }, runner);
        var analyzer = new PartAnalyzer(cad);
        var plank = (await analyzer.AnalyzeAsync(Path.Combine(solutionFolder, "plank.scad"), CancellationToken.None)).Part!;
        var rail = (await analyzer.AnalyzeAsync(Path.Combine(solutionFolder, "rail.scad"), CancellationToken.None)).Part!;
        var started = TimeProvider.System.GetTimestamp();
        var volume = await new OverlapChecker(cad).IntersectionVolumeAsync(
            ScadText.Part("plank", plank, Pose.Identity),
            ScadText.Part("rail", rail, new Pose(new Vec3(0, 0.038, 0), Rotation.Identity)),
            CancellationToken.None);
        overlapSeconds.Add(TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        if (Math.Abs(volume - 7800) > 1)
        {
            throw new InvalidOperationException($"expected 7800 mm³ of overlap, measured {volume}");
        }
    }
    finally
    {
        Directory.Delete(cache, recursive: true);
    }
}

Console.WriteLine();
Console.WriteLine($"{"median seconds",-16} {"CAD",8} {"checks",8} {"sim",8} {"total",8}");
Print("cold cache", cold);
Print("warm cache", warm);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one exact overlap check (OpenSCAD intersection, uncached): median {Median(overlapSeconds):0.000} s"));

void Print(string label, List<EvaluationTimings> timings) => Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{label,-16} {Median(timings.Select(t => t.CadSeconds)),8:0.000} {Median(timings.Select(t => t.ChecksSeconds)),8:0.000} {Median(timings.Select(t => t.SimulationSeconds)),8:0.000} {Median(timings.Select(t => t.TotalSeconds)),8:0.000}"));

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
