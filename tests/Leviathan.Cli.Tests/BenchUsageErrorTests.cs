using System.Text.Json.Nodes;

namespace Leviathan.Cli.Tests;

/// <summary>A bad number on the bench commands' line names the one option that is wrong and the value given.</summary>
public sealed class BenchUsageErrorTests
{
    [Theory]
    [InlineData("--count", "0", "--count must be at least 1, found 0")]
    [InlineData("--workers", "65", "--workers must be from 1 to 64, found 65")]
    [InlineData("--solver-candidates", "0", "--solver-candidates must be at least 1, found 0")]
    [InlineData("--max-candidates", "0", "--max-candidates must be at least 1, found 0")]
    public async Task Generate_OneBadNumber_NamesThatOptionAndItsValueAlsoAsJson(string option, string value, string message)
    {
        using var cli = new CliHarness();
        string[] args = ["bench", "generate", "--count", "1", "--seed", "1", "--out", cli.Scratch, "--family", "push"];
        var index = Array.IndexOf(args, option);
        args = index >= 0 ? [.. args[..(index + 1)], value, .. args[(index + 2)..]] : [.. args, option, value];

        var r = await cli.RunAsync([.. args, "--json"], CancellationToken.None);

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain("error: " + message);
        var error = JsonNode.Parse(r.Stdout)!["error"]!;
        ((string)error["message"]!).ShouldBe(message);
        ((int)error["exit_code"]!).ShouldBe(2);
        Directory.Exists(Path.Combine(cli.Scratch, "push")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--budget-s", "0", "--budget-s must be more than 0 seconds, found 0")]
    [InlineData("--max-candidates", "0", "--max-candidates must be at least 1, found 0")]
    public async Task Solve_OneBadNumber_NamesThatOptionAndItsValue(string option, string value, string message)
    {
        using var cli = new CliHarness();
        var benchmark = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "benchmarks", "ramp-to-goal.json");

        var r = await cli.RunAsync("bench", "solve", benchmark, "--out", Path.Combine(cli.Scratch, "out"), option, value);

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain("error: " + message);
    }
}
