namespace Leviathan.Cli.Tests;

/// <summary><c>bench solve</c>'s NOT SOLVED line gives the best candidate's real nearest miss in mm and its failures in words, not the solver's penalty-laden score.</summary>
public sealed class BenchSolveNearestMissTests
{
    [Fact]
    public async Task Solve_TooFewCandidatesForAGap_SaysHowCloseTheBestCameInMmAndWhyInWords()
    {
        using var cli = new CliHarness();
        var gap = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "tests", "Leviathan.Cli.Tests", "Data", "gap-0d74e9bd", "benchmark.json");

        var solve = await cli.RunAsync("bench", "solve", gap, "--out", Path.Combine(cli.Scratch, "mine"), "--max-candidates", "8");

        solve.ExitCode.ShouldBe(1, solve.Stdout + solve.Stderr);
        var first = solve.Stdout.Split('\n')[0];
        first.ShouldMatch(@"^NOT SOLVED 'gap-0d74e9bd': .* after 8 candidates; the best candidate: nearest miss \d+(\.\d)? mm \(closest approach to the goal at the worst start\); why: ");
        first.ShouldContain("the payload misses the objective (objective_missed) at ");
        first.ShouldNotContain("screening score", Case.Insensitive);
        solve.Stdout.Split('\n').Count(l => l.StartsWith("  - forbid_zone_touched:", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(1, "one line per kind of failure");
    }
}
