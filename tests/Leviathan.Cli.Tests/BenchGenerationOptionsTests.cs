using System.Text.Json.Nodes;

namespace Leviathan.Cli.Tests;

/// <summary><c>bench generate</c>'s --level refusals and --per-family, as a user meets them on the command line.</summary>
public sealed class BenchGenerationOptionsTests
{
    [Fact]
    public async Task Generate_LevelAFamilyAskedForCannotReach_IsRefusedAtOnce_NamingWhichFamiliesCanAndCannot()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "1", "--out", output, "--family", "drop", "--family", "gap", "--level", "0");

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain("error: --level 0: drop (1-5) cannot reach level 0; gap (0-4) can");
        r.Stderr.ShouldContain("hint: leave out drop (keep gap)");
        Directory.Exists(output).ShouldBeFalse("no candidate was tried");
    }

    [Fact]
    public async Task Generate_LevelsNoFamilyAskedForReaches_WithJson_IsAJsonUsageError()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        var r = await cli.RunAsync("bench", "generate", "--count", "4", "--seed", "1", "--out", output, "--family", "relay", "--level", "0-3", "--json");

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        var error = JsonNode.Parse(r.Stdout)!["error"]!;
        ((string)error["message"]!).ShouldStartWith("--level 0-3: no family asked for can reach level 0-2.");
        ((string)error["message"]!).ShouldContain("relay 3-5; of the other families, drop (1-5), gap (0-4),");
        ((string)error["hint"]!).ShouldContain("add a family that reaches level 0-2");
        ((int)error["exit_code"]!).ShouldBe(2);
        Directory.Exists(output).ShouldBeFalse();
    }

    [Fact]
    public async Task Generate_LevelBeyondWhatTheSolverBudgetCanMeasure_SaysToRaiseIt()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "1", "--out", Path.Combine(cli.Scratch, "gen"), "--family", "gap", "--level", "4", "--solver-candidates", "40");

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain("gap (0-3) cannot reach level 4 (with 40 solver candidates)");
        r.Stderr.ShouldContain("raise the solver's candidates");
    }

    [Theory]
    [InlineData(new[] { "--seed", "1" }, "give --count (benchmarks to keep) or --per-family (benchmarks to keep of every family)")]
    [InlineData(new[] { "--seed", "1", "--per-family", "2", "--family", "push", "--family", "drop", "--count", "3" }, "--count 3 does not match --per-family 2 over 2 families (4 benchmarks)")]
    [InlineData(new[] { "--seed", "1", "--per-family", "0" }, "--per-family must be at least 1, found 0")]
    [InlineData(new[] { "--seed", "1", "--per-family", "1", "--family", "push", "--family", "push" }, "--per-family needs each --family once")]
    [InlineData(new[] { "--seed", "1", "--per-family", "1", "--family", "gap", "--level", "0-1" }, "1 per family cannot spread gap over the 2 levels asked for that it reaches (0-1)")]
    public async Task Generate_BadPerFamily_IsAUsageErrorSayingWhatToWrite(string[] options, string message)
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        var r = await cli.RunAsync(["bench", "generate", "--out", output, .. options]);

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain(message);
        Directory.Exists(output).ShouldBeFalse();
    }

    [Fact]
    public async Task GenerateHelp_DescribesPerFamilyAndTheLevelRefusal()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--help");

        r.Stdout.ShouldContain("--per-family");
        r.Stdout.ShouldContain("Keep this many benchmarks of every family");
        r.Stdout.ShouldContain("Refused at once (exit 2) when a family asked for can never reach the level");
        r.Stdout.ShouldContain("--resume");
    }
}
