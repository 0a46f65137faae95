using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Tests.Evaluation;

namespace Leviathan.Engineering.Tests;

/// <summary>
/// The shipped suite examples/suites/physics-levels: one set, generated with <c>--level 0-3</c>, of benchmarks of levels
/// 0–3 with their references and settle objectives.
/// </summary>
public sealed class PhysicsLevelsSuiteTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>
{
    private static readonly string Suite = Path.Combine(TestPaths.Examples, "suites", "physics-levels");

    [Fact]
    public void Suite_EveryKeptBenchmark_LoadsWithItsReferenceAndTheLevelsSpanZeroToThreeEvenly()
    {
        var index = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(Suite, BenchmarkGenerator.IndexFile)), GenerationJsonContext.Default.GenerationIndex)!;
        var kept = index.Candidates.Where(c => c.Kept).ToList();

        kept.Count.ShouldBe(8);
        index.LevelsAsked.ShouldBe([0, 1, 2, 3]);
        Directory.GetDirectories(Suite).Select(Path.GetFileName).ShouldBe(kept.Select(c => c.Id), ignoreOrder: true);
        foreach (var record in kept)
        {
            var folder = Path.Combine(Suite, record.Id);
            var benchmark = BenchmarkLoader.Load(Path.Combine(folder, BenchmarkGenerator.BenchmarkFile));
            var solution = SolutionLoader.Load(Path.Combine(folder, BenchmarkGenerator.ReferenceFolder), benchmark);
            solution.Parts.Count.ShouldBe(record.ReferenceParts!.Value, record.Id);
            benchmark.Family.ShouldBe(record.Family);
            benchmark.Objective.Kind.ShouldBe(ObjectiveKind.Settle, record.Id);
        }

        kept.Select(c => c.Level!.Value).Order().ShouldBe([0, 0, 1, 1, 2, 2, 3, 3]);
        index.Levels.Where(l => l.Value > 0).Select(l => l.Key).ShouldBe(["0", "1", "2", "3"]);
        kept.Select(c => c.Family).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
        kept.Where(c => c.Level == 0).ShouldAllBe(c => c.ReferenceParts == 1 && c.ReferenceMotors == 0 && c.SolverCandidates < 50
            && c.CostTightness >= Difficulty.LooseFrom && c.WeightTightness >= Difficulty.LooseFrom);
        index.Candidates.Where(c => c.Reason == RejectionReasons.OtherLevel).ShouldAllBe(c => c.Level > 3 || kept.Count(k => k.Level == c.Level) == 2);
    }

    [Fact]
    public async Task Suite_ALevelZeroAndAFlipBenchmark_PassCheckFromTheirFiles()
    {
        foreach (var id in new[] { "gap-1d8ed243", "flip-5b2d4849" })
        {
            var check = await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System)
                .CheckAsync(Path.Combine(Suite, id), new VerificationOptions(), CancellationToken.None);

            check.Valid.Passed.ShouldBeTrue(check.Valid.Detail);
            check.NonTrivial.Passed.ShouldBeTrue(check.NonTrivial.Detail);
            check.Reference.ShouldNotBeNull().Success.ShouldBeTrue(string.Join("; ", check.Reference.Reasons.Select(r => r.Message)));
        }
    }
}
