namespace Leviathan.Cli.Tests;

/// <summary>Exit 1 of <c>bench generate</c> says why: the candidates ran out, what rejected them and what to change.</summary>
public sealed class BenchGenerateRanOutTests
{
    [Fact]
    public async Task Generate_CandidatesRunOut_ExitsOneAndSaysWhatRejectedThemAndWhatToChange()
    {
        using var cli = new CliHarness();

        // Seed 3's first push candidate is trivial (the block reaches the goal unaided).
        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "3", "--out", cli.Scratch, "--family", "push", "--workers", "1", "--max-candidates", "1");

        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("wrote 0 benchmark(s)");
        r.Stderr.ShouldContain("kept 0 of 1: the candidates ran out after 1 (rejected: 1 trivial); raise --max-candidates (default 6 × --count) or change --seed");
    }
}
