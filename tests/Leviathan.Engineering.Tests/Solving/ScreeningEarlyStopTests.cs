using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation.Running;
using Leviathan.Testing;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>
/// Screening ends a simulation as soon as its verdict is decided (payload left the world, scene at rest, a settle
/// hold out of reach). These tests run the same candidates from the same starts twice — with early stops and to the
/// time limit — and require the same verdict every time.
/// </summary>
public sealed class ScreeningEarlyStopTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private static readonly string Suite = Path.Combine(TestPaths.Examples, "suites", "physics-levels");
    private readonly TempDirectory _temp = new("leviathan-early-stop");

    [Fact]
    public async Task EarlyStop_SolverCandidatesOfEveryFamilyAndObjective_GivesTheVerdictsOfTheFullRun()
    {
        var pairs = new List<(string What, ScreeningRun.Sample Early, ScreeningRun.Sample Full)>();
        foreach (var (_, seed, drawn) in FamilyDraws.Each(Enumerable.Range(1, 4)))
        {
            foreach (var benchmark in Objectives(drawn))
            {
                var space = new SearchSpace(benchmark, Making.Allowed(benchmark, new ManufacturingRules()));
                var random = new Random(seed * 31);
                var candidates = Enumerable.Range(0, 5).Select(_ => space.Decode(space.Sample(random))).Prepend(new Candidate([], [], [])).ToList();
                foreach (var (candidate, k) in candidates.Select((c, k) => (c, k)))
                {
                    var starts = JudgeStarts.List(benchmark, 2, extremes: false);
                    pairs.AddRange(await BothAsync($"{benchmark.Id} {benchmark.Objective.Kind} candidate {k}", benchmark, candidate.ScreeningParts(_temp.Combine("boxes")), candidate.AnchorPoints(), candidate.Controls, starts));
                }
            }
        }

        AssertSameVerdicts(pairs);
        pairs.Count(p => p.Early.Stopped == SimulationStopReason.AtRest).ShouldBeGreaterThan(10);
        pairs.Count(p => p.Early.Stopped == SimulationStopReason.LeftWorld).ShouldBeGreaterThan(10);
        pairs.Count(p => p.Early.Stopped == SimulationStopReason.HoldOutOfReach).ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task EarlyStop_ShippedReferencesAndNudgedCopiesAtEveryJudgeStart_GivesTheVerdictsOfTheFullRun()
    {
        var analyzer = RealCad.Analyzer(TestPaths.CadCache);
        var pairs = new List<(string What, ScreeningRun.Sample Early, ScreeningRun.Sample Full)>();
        var random = new Random(5);
        var folders = Directory.GetDirectories(Suite)
            .Where(d => File.Exists(Path.Combine(d, BenchmarkGenerator.BenchmarkFile)))
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
            var reference = Path.Combine(folder, BenchmarkGenerator.ReferenceFolder);
            var solution = SolutionLoader.Load(reference, benchmark);
            var parts = new List<ScenePart>();
            foreach (var spec in solution.Parts)
            {
                var analysis = await analyzer.AnalyzeAsync(Path.Combine(reference, spec.File), CancellationToken.None);
                parts.Add(new ScenePart(spec.Name, analysis.Part.ShouldNotBeNull(), MaterialTable.Get(spec.Material), new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation))), spec.Mount));
            }

            var anchors = solution.Motors.ToDictionary(m => m.Name, m => Vec3.From(m.Anchor), StringComparer.Ordinal);
            var starts = JudgeStarts.List(benchmark, EvaluationOptions.DefaultSamples, extremes: true);
            foreach (var judged in Objectives(benchmark))
            {
                pairs.AddRange(await BothAsync($"{benchmark.Id} {judged.Objective.Kind} reference", judged, parts, anchors, solution.Controls, starts));

                // Nudged copies (parts moved by up to 8 mm): some still deliver, some miss by a little.
                for (var n = 0; n < 3; n++)
                {
                    var nudged = parts.Select(p => p with { Pose = new Pose(p.Pose.Position + new Vec3(Nudge(random), 0, Nudge(random)), p.Pose.Rotation) }).ToList();
                    pairs.AddRange(await BothAsync($"{benchmark.Id} {judged.Objective.Kind} nudged {n}", judged, nudged, anchors, solution.Controls, starts));
                }
            }
        }

        AssertSameVerdicts(pairs);
        pairs.Count(p => p.Full.Reached).ShouldBeGreaterThan(50);
        pairs.Count(p => !p.Full.Reached).ShouldBeGreaterThan(50);
        pairs.Count(p => p.Early.Stopped is not null).ShouldBeGreaterThan(50);
    }

    public void Dispose() => _temp.Dispose();

    private static double Nudge(Random random) => (random.NextDouble() - 0.5) * 0.016;

    /// <summary>The benchmark as drawn, and with each other objective kind (same scene).</summary>
    private static IEnumerable<BenchmarkSpec> Objectives(BenchmarkSpec benchmark) =>
        new[] { ObjectiveKind.Settle, ObjectiveKind.AnyTime, ObjectiveKind.AtEnd }
            .Select(kind => benchmark with { Objective = benchmark.Objective with { Kind = kind } });

    private async Task<IEnumerable<(string, ScreeningRun.Sample, ScreeningRun.Sample)>> BothAsync(
        string what,
        BenchmarkSpec benchmark,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> anchors,
        IReadOnlyList<ControlSpec> controls,
        IReadOnlyList<JudgeStart> starts)
    {
        var directory = _temp.Path;
        var early = await ScreeningRun.RunAsync(simulation.Client, benchmark, directory, parts, anchors, controls, starts, 0, earlyStop: true, ScreeningBuffers.Contacts, CancellationToken.None);
        var full = await ScreeningRun.RunAsync(simulation.Client, benchmark, directory, parts, anchors, controls, starts, 0, earlyStop: false, ScreeningBuffers.Contacts, CancellationToken.None);
        return early.Zip(full).Select((x, i) => ($"{what} start {i}", x.First, x.Second));
    }

    private static void AssertSameVerdicts(List<(string What, ScreeningRun.Sample Early, ScreeningRun.Sample Full)> pairs)
    {
        pairs.ShouldAllBe(p => p.Full.Stopped == null);
        var differ = pairs.Where(p => p.Early.Reached != p.Full.Reached || (p.Early.Error is null) != (p.Full.Error is null)).ToList();
        differ.ShouldBeEmpty(string.Join("\n", differ.Take(10).Select(p => $"{p.What}: early {p.Early} full {p.Full}")));

        // A run stopped because it left the world or came to rest saw everything the full run saw: same closest approach.
        var moved = pairs.Where(p => p.Early.Stopped is SimulationStopReason.AtRest or SimulationStopReason.LeftWorld && Math.Abs(p.Early.Closest - p.Full.Closest) > 1e-4).ToList();
        moved.ShouldBeEmpty(string.Join("\n", moved.Take(10).Select(p => $"{p.What}: early {p.Early} full {p.Full}")));
    }
}
