using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Tests.Generation;

/// <summary>
/// Which decided candidates make the result with <see cref="GeneratorOptions.PerFamily"/>: each family's first share of
/// kept ones in index order, nothing of a family after its share (tried or not, so the worker count does not matter),
/// and with several levels each family's share spread over them.
/// </summary>
public sealed class PerFamilySelectionTests
{
    [Fact]
    public void Walk_TwoPerFamily_TakesEachFamilysFirstTwoKept_AndLeavesOutAFullFamilysLaterCandidates()
    {
        var options = Options(perFamily: 2);
        var decided = Decided(options, (0, 0), (1, 3), (2, 1), (3, null), (4, 2), (5, 4), (7, 3));

        var (result, complete) = BenchmarkGenerator.Walk(decided, options);

        complete.ShouldBeTrue();
        result.Select(c => c.Index).ShouldBe([0, 1, 2, 3, 5], "gap's third kept candidate (4) came after its share, and relay's share ends at 5");
        result.Count(c => c.Kept && c.Family == "gap").ShouldBe(2);
        result.Count(c => c.Kept && c.Family == "relay").ShouldBe(2);
    }

    [Fact]
    public void Walk_AFamilyShortOfItsShare_WaitsOnlyForThatFamilysCandidates()
    {
        var options = Options(perFamily: 2);
        var decided = Decided(options, (0, 0), (1, 3), (2, 1), (3, null));

        var (result, complete) = BenchmarkGenerator.Walk(decided, options);

        complete.ShouldBeFalse("relay has one of its two");
        result.Select(c => c.Index).ShouldBe([0, 1, 2, 3]);

        // Gap's later candidates are not needed: with only relay's next one decided the result is complete.
        var (withRelay, done) = BenchmarkGenerator.Walk(Decided(options, (0, 0), (1, 3), (2, 1), (3, null), (5, 4)), options);
        done.ShouldBeTrue();
        withRelay.Select(c => c.Index).ShouldBe([0, 1, 2, 3, 5]);
    }

    [Fact]
    public void Walk_PerFamilyWithSeveralLevels_SpreadsEachFamilysShareOverTheLevels()
    {
        var options = Options(perFamily: 2) with { Levels = [3, 4] };
        var decided = Decided(options, (0, 3), (1, 3), (2, 3), (3, 4), (4, 4));

        var (result, complete) = BenchmarkGenerator.Walk(decided, options);

        complete.ShouldBeTrue();
        result.Where(c => c.Kept).Select(c => (c.Family, c.Level)).ShouldBe([("gap", 3), ("relay", 3), ("relay", 4), ("gap", 4)]);
        var second = result.Single(c => c.Index == 2);
        second.Reason.ShouldBe(RejectionReasons.OtherLevel);
        second.Detail.ShouldStartWith("level 3 already has 1 of the 2 of gap asked for (1 per level)");
    }

    private static GeneratorOptions Options(int perFamily) => new()
    {
        Count = perFamily * 2,
        Seed = 1,
        OutputDirectory = "unused",
        Families = [new GapFamily(), new RelayFamily()],
        PerFamily = perFamily,
        MaxCandidates = 40,
        Solver = new SolverOptions { CacheDirectory = "unused" },
    };

    /// <summary>Decided candidates: index and level when kept, null when rejected (unsolved).</summary>
    private static SortedDictionary<int, CandidateRecord> Decided(GeneratorOptions options, params (int Index, int? Level)[] candidates)
    {
        var decided = new SortedDictionary<int, CandidateRecord>();
        foreach (var (index, level) in candidates)
        {
            var family = options.Families[index % options.Families.Count].Name;
            decided[index] = new CandidateRecord
            {
                Index = index,
                Id = $"{family}-{index}",
                Family = family,
                Seed = index,
                Kept = level is not null,
                Reason = level is null ? RejectionReasons.Unsolved : null,
                Detail = level is null ? "unsolved" : $"level {level}",
                Level = level,
                Seconds = 1,
            };
        }

        return decided;
    }
}
