using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Tests.Evaluation;

namespace Leviathan.Engineering.Tests;

/// <summary>
/// The shipped suite examples/suites/physics-levels: generated benchmarks of levels 1–3 with their references, and in
/// level-0/ the output of a run with <c>--level 0</c>.
/// </summary>
public sealed class PhysicsLevelsSuiteTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>
{
    private static readonly string Suite = Path.Combine(TestPaths.Examples, "suites", "physics-levels");
    private static readonly string LevelZero = Path.Combine(Suite, "level-0");

    [Fact]
    public void Suite_EveryKeptBenchmark_LoadsWithItsReferenceAndTheLevelsSpanOneToThree()
    {
        var index = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(Suite, BenchmarkGenerator.IndexFile)), GenerationJsonContext.Default.GenerationIndex)!;
        var kept = index.Candidates.Where(c => c.Kept).ToList();

        kept.Count.ShouldBe(8);
        Directory.GetDirectories(Suite).Select(Path.GetFileName).Where(n => n != "level-0").ShouldBe(kept.Select(c => c.Id), ignoreOrder: true);
        foreach (var record in kept)
        {
            var folder = Path.Combine(Suite, record.Id);
            var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
            var solution = SolutionLoader.Load(Path.Combine(folder, BenchmarkGenerator.ReferenceFolder), benchmark);
            solution.Parts.Count.ShouldBe(record.ReferenceParts!.Value, record.Id);
            benchmark.Family.ShouldBe(record.Family);
        }

        kept.Select(c => c.Level!.Value).Distinct().Order().ShouldBe([1, 2, 3]);
        kept.Select(c => c.Family).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public void LevelZero_TheLevelZeroRun_KeptTwoBenchmarksOfLevelZeroWithOnePartReferencesAndLooseLimits()
    {
        var index = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(LevelZero, BenchmarkGenerator.IndexFile)), GenerationJsonContext.Default.GenerationIndex)!;
        var kept = index.Candidates.Where(c => c.Kept).ToList();

        index.Level.ShouldBe(0);
        kept.Count.ShouldBe(2);
        Directory.GetDirectories(LevelZero).Select(Path.GetFileName).ShouldBe(kept.Select(c => c.Id), ignoreOrder: true);
        kept.ShouldAllBe(c => c.Level == 0 && c.ReferenceParts == 1 && c.ReferenceMotors == 0 && c.SolverCandidates < 50);
        kept.ShouldAllBe(c => c.CostTightness >= Difficulty.LooseFrom && c.WeightTightness >= Difficulty.LooseFrom);
        index.Candidates.Where(c => c.Reason == RejectionReasons.OtherLevel).ShouldAllBe(c => c.Level != 0);
        foreach (var record in kept)
        {
            var benchmark = BenchmarkLoader.Load(Path.Combine(LevelZero, record.Id, BenchmarkGenerator.BenchmarkFile));
            benchmark.Objective.Kind.ShouldBe(ObjectiveKind.Settle);
        }
    }

    [Fact]
    public async Task LevelZero_AKeptBenchmark_PassesCheckFromItsFiles()
    {
        var index = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(LevelZero, BenchmarkGenerator.IndexFile)), GenerationJsonContext.Default.GenerationIndex)!;
        var first = index.Candidates.First(c => c.Kept);

        var check = await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System)
            .CheckAsync(Path.Combine(LevelZero, first.Id), new VerificationOptions(), CancellationToken.None);

        check.Valid.Passed.ShouldBeTrue(check.Valid.Detail);
        check.NonTrivial.Passed.ShouldBeTrue(check.NonTrivial.Detail);
        check.Reference.ShouldNotBeNull().Success.ShouldBeTrue(string.Join("; ", check.Reference.Reasons.Select(r => r.Message)));
    }

    [Fact]
    public async Task Suite_AFlipBenchmark_PassesCheckFromItsFiles()
    {
        var check = await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System)
            .CheckAsync(Path.Combine(Suite, "flip-0798ff49"), new VerificationOptions(), CancellationToken.None);

        check.Valid.Passed.ShouldBeTrue(check.Valid.Detail);
        check.NonTrivial.Passed.ShouldBeTrue(check.NonTrivial.Detail);
        check.Reference.ShouldNotBeNull().Success.ShouldBeTrue(string.Join("; ", check.Reference.Reasons.Select(r => r.Message)));
    }
}
