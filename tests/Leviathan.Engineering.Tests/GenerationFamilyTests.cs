using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

public sealed class GenerationFamilyTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-gen");

    [Theory]
    [InlineData("drop", 11)]
    [InlineData("gap", 11)]
    [InlineData("lift", 13)]
    [InlineData("push", 11)]
    [InlineData("flip", 1)]
    public async Task Generate_OneOfEachFamily_KeepsABenchmarkThatPassesCheck(string family, long seed)
    {
        var index = await GenerateAsync(family, count: 1, seed);

        var kept = index.Candidates.Where(c => c.Kept).ShouldHaveSingleItem(FamilyGeneration.Describe(index));
        kept.Family.ShouldBe(family);
        var folder = _temp.Combine("out", kept.Id);
        File.Exists(Path.Combine(folder, "benchmark.json")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(folder, "scene.xml")).ShouldContain("<mujoco");
        File.ReadAllText(Path.Combine(folder, "reference", "scene.xml")).ShouldContain("<mesh");
        File.Exists(Path.Combine(folder, "reference", BaselineSolver.EvaluationFile)).ShouldBeTrue();
        File.Exists(_temp.Combine("out", "index.json")).ShouldBeTrue();

        var reference = await FamilyGeneration.ShouldPassCheckAsync(simulation, folder);

        // Budgets bind: each limit is the reference's figure times 1.1-1.6 (rounded up), or the floor.
        var limits = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json")).Limits;
        var cost = reference.UnitCost!.Value;
        var weight = reference.WeightKg!.Value;
        if (limits.MaxUnitCost > BudgetBinder.CostFloor)
        {
            limits.MaxUnitCost.ShouldBeInRange((cost * BudgetBinder.MinFactor) - 1e-9, (cost * BudgetBinder.MaxFactor) + 0.01);
        }

        if (limits.MaxWeight > BudgetBinder.WeightFloor)
        {
            limits.MaxWeight.ShouldBeInRange((weight * BudgetBinder.MinFactor) - 1e-9, (weight * BudgetBinder.MaxFactor) + 0.0001);
        }

        kept.CostTightness!.Value.ShouldBe(Math.Round(limits.MaxUnitCost / cost, 3), 0.002);
        kept.WeightTightness!.Value.ShouldBe(Math.Round(limits.MaxWeight / weight, 3), 0.002);

        // The level and what it was measured from, as the reference on disk shows them.
        var solution = Leviathan.Engineering.Solutions.SolutionLoader.Load(Path.Combine(folder, "reference"), BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json")));
        kept.ReferenceParts.ShouldBe(solution.Parts.Count);
        kept.ReferenceMotors.ShouldBe(solution.Controls.Select(c => c.Motor).Distinct().Count());
        kept.ReferenceProcesses.ShouldNotBeNull().ShouldNotBeEmpty();
        kept.Level.ShouldNotBeNull().ShouldBeInRange(0, Difficulty.MaxLevel);
        index.Levels[kept.Level.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)].ShouldBe(1);
        index.Levels.Values.Sum().ShouldBe(1);
    }

    [Fact]
    public async Task Generate_WithALevel_KeepsACandidateOfThatLevelAndListsOthersAsOtherLevel()
    {
        var any = await GenerateAsync("push", count: 1, seed: 11);
        var measured = any.Candidates.Single(c => c.Kept);
        var level = measured.Level!.Value;
        var otherLevel = (level + 1) % (Difficulty.MaxLevel + 1);

        var same = await GenerateAsync("push", count: 1, seed: 11, maxCandidates: measured.Index + 1, level: level);
        var other = await GenerateAsync("push", count: 1, seed: 11, maxCandidates: measured.Index + 1, level: otherLevel);

        same.Candidates[^1].Id.ShouldBe(measured.Id);
        same.Candidates[^1].Kept.ShouldBeTrue(FamilyGeneration.Describe(same));
        var rejected = other.Candidates[^1];
        rejected.Id.ShouldBe(measured.Id);
        rejected.Reason.ShouldBe(RejectionReasons.OtherLevel);
        rejected.Detail.ShouldContain($"level {level}, not the level {otherLevel} asked for");
        Directory.Exists(_temp.Combine("out", rejected.Id)).ShouldBeFalse();
        other.Rejected[RejectionReasons.OtherLevel].ShouldBe(1);
        other.Levels.Values.Sum().ShouldBe(0);
    }

    [Fact]
    public async Task Generate_WithSeveralLevels_KeepsACandidateOfOneOfThemAndListsOthersAsOtherLevel()
    {
        // drop's 1 cm jitter adds a point, so its level is at least 1 and no candidate aims at level 0's loose limits.
        var any = await GenerateAsync("drop", count: 1, seed: 11);
        var measured = any.Candidates.Single(c => c.Kept);
        var level = measured.Level!.Value;
        level.ShouldBeGreaterThanOrEqualTo(1);
        var next = level == Difficulty.MaxLevel ? level - 1 : level + 1;
        var others = Enumerable.Range(1, Difficulty.MaxLevel).Where(l => l != level).Take(2).ToList();

        var among = await FamilyGeneration.GenerateAsync(simulation, _temp, "drop", 11, measured.Index + 1, solverCandidates: 160, count: 2, levels: [next, level]);
        var keptAmong = among.Candidates[^1];
        var outside = await FamilyGeneration.GenerateAsync(simulation, _temp, "drop", 11, measured.Index + 1, solverCandidates: 160, count: 2, levels: others);

        keptAmong.Id.ShouldBe(measured.Id);
        keptAmong.Kept.ShouldBeTrue(FamilyGeneration.Describe(among));
        among.LevelsAsked.ShouldBe([next, level]);
        var rejected = outside.Candidates[^1];
        rejected.Id.ShouldBe(measured.Id);
        rejected.Reason.ShouldBe(RejectionReasons.OtherLevel);
        rejected.Detail.ShouldContain($"level {level}, not one of the levels {others[0]}, {others[1]} asked for");
        Directory.Exists(_temp.Combine("out", rejected.Id)).ShouldBeFalse();
        outside.Levels.Values.Sum().ShouldBe(0);
    }

    public void Dispose() => _temp.Dispose();

    private Task<GenerationIndex> GenerateAsync(string family, int count, long seed, int maxCandidates = 8, int? level = null) =>
        FamilyGeneration.GenerateAsync(simulation, _temp, family, seed, maxCandidates, solverCandidates: 160, count, level);
}
