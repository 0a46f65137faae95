using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>
/// A relay with a parked pusher (tests/Leviathan.Engineering.Tests/Data/relay-parked-20, the relay family's draw for
/// seed 20): there is no room to build a plate behind the block, so the plate must retreat out of the lift's way before
/// it pushes. Ramp controls fail; the solver's waypoint phase solves it, and the judge agrees.
/// </summary>
public sealed class WaypointSolverTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "tests", "Leviathan.Engineering.Tests", "Data", "relay-parked-20");

    private readonly TempDirectory _temp = new("leviathan-waypoints");

    [Fact]
    public async Task Solve_ParkedRelay_RampsFailWaypointsSolveAndBenchCheckAgrees()
    {
        var benchmarkFolder = _temp.Combine("relay-parked-20");
        Directory.CreateDirectory(benchmarkFolder);
        File.Copy(Path.Combine(Folder, "benchmark.json"), Path.Combine(benchmarkFolder, "benchmark.json"));
        var benchmark = BenchmarkLoader.Load(Path.Combine(benchmarkFolder, "benchmark.json"));
        var solver = new BaselineSolver(RealCad.Analyzer(), simulation.Client, TimeProvider.System);

        // Ramp controls only: 700 candidates (the ramp share of the default 1000), no stall limit.
        var ramps = await solver.SolveAsync(benchmark, benchmarkFolder, _temp.Combine("ramps"), Options(maxCandidates: 700, waypointShare: 0, stallLimit: null), CancellationToken.None);
        ramps.Solved.ShouldBeFalse("a ramp moves the pusher one way only");
        (ramps.CandidatesScreened, ramps.WaypointCandidates).ShouldBe((700, 0));
        ramps.Controls.ShouldAllBe(c => c.Profile == ControlProfileKind.Ramp);

        // The full solver, as the generator runs it: ramps until they stall, then waypoint controls.
        var reference = Path.Combine(benchmarkFolder, "reference");
        var solved = await solver.SolveAsync(benchmark, benchmarkFolder, reference, Options(maxCandidates: 1000, waypointShare: 0.3, stallLimit: 300), CancellationToken.None);

        solved.Solved.ShouldBeTrue(solved.Failure);
        solved.WaypointCandidates.ShouldBeGreaterThan(0);
        solved.ControlProfiles.ShouldContain(c => c.StartsWith("pusher: waypoints (retreat then stroke)", StringComparison.Ordinal));

        // solution.json holds the waypoints, valid by the solution validator; the pusher parks behind the block first.
        var solution = SolutionLoader.Load(reference, benchmark);
        SolutionValidator.Validate(solution, benchmark, reference).ShouldBeEmpty();
        var push = solution.Controls.Single(c => c.Motor == "pusher");
        push.Profile.ShouldBe(ControlProfileKind.Waypoints);
        push.Points!.Min(p => p[1]).ShouldBeLessThan(0);
        push.Points![^1][1].ShouldBeGreaterThan(0);

        // bench check: valid, non-trivial, and the reference passes at every start the judge draws.
        var check = await FamilyGeneration.ShouldPassCheckAsync(simulation, benchmarkFolder);
        check.StartsDrawn.ShouldBe(JudgeStarts.List(benchmark, new EvaluationOptions()).Count);
        check.StartsPassed.ShouldBe(check.StartsDrawn);

        // The same parts with the pusher's stroke as a ramp (no retreat) fail: the parked plate blocks the lift.
        var strokeStart = push.Points.Last(p => p[1] < 0)[0];
        var asRamp = solution with
        {
            Controls = [.. solution.Controls.Where(c => c.Motor != "pusher"), new ControlSpec { Motor = "pusher", Profile = ControlProfileKind.Ramp, From = 0, To = push.Points[^1][1], Start = strokeStart, Duration = push.Points[^1][0] - strokeStart }],
        };
        var withoutRetreat = await new SolutionEvaluator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).EvaluateAsync(
            benchmark, benchmarkFolder, asRamp, reference, new EvaluationOptions(), CancellationToken.None);
        withoutRetreat.Success.ShouldBeFalse();
    }

    public void Dispose() => _temp.Dispose();

    private SolverOptions Options(int maxCandidates, double waypointShare, int? stallLimit) =>
        new() { CacheDirectory = _temp.Combine("boxes"), Seed = 1, MaxCandidates = maxCandidates, WaypointShare = waypointShare, StallLimit = stallLimit };
}
