using System.Text.Json.Nodes;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary><c>--hinged-ramps</c>: the baseline solver lays sloped ramps as flaps on passive hinges only when asked.</summary>
public sealed class BenchHingedRampsCommandTests
{
    /// <summary>A drop benchmark of an earlier examples/suites/physics-small whose ramp the solver lays as a flap.</summary>
    private static string ShippedDrop => Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "tests", "Leviathan.Cli.Tests", "Data", "drop-29b0e1ae.benchmark.json");

    [Fact]
    public async Task Solve_WithHingedRamps_WritesAFlapOnAPassiveHingeThatBenchEvaluateAccepts()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "flap");

        var solve = await cli.RunAsync("bench", "solve", ShippedDrop, "--out", output, "--max-candidates", "400", "--hinged-ramps");

        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        solve.Stdout.ShouldStartWith("SOLVED 'drop-29b0e1ae'");
        solve.Stdout.ShouldContain("on passive hinges (flaps): ramp3");
        var parts = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "solution.json")))!["parts"]!.AsArray();
        var flap = parts.Single(p => p!["hinge"] is not null)!;
        ((string)flap["name"]!).ShouldBe("ramp3");
        ((double)flap["rotation"]![1]!).ShouldBe(0, "a flap is placed level and swings down to its stop");
        ((double)flap["hinge"]!["range"]![1]!).ShouldBeGreaterThan(1);

        var evaluate = await cli.RunAsync("bench", "evaluate", ShippedDrop, output);
        evaluate.ExitCode.ShouldBe(0, evaluate.Stdout + evaluate.Stderr);
    }

    [Fact]
    public async Task Solve_WithoutHingedRamps_LaysOnlyFixedParts()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "fixed");

        var solve = await cli.RunAsync("bench", "solve", ShippedDrop, "--out", output, "--max-candidates", "400", "--json");

        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        var result = JsonNode.Parse(solve.Stdout)!;
        ((bool)result["hinged_ramps"]!).ShouldBeFalse();
        result["hinged_parts"]!.AsArray().ShouldBeEmpty();
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "solution.json")))!["parts"]!.AsArray().ShouldAllBe(p => p!["hinge"] == null);
    }

    [Fact]
    public async Task SolveJson_WithHingedRamps_NamesTheHingedParts()
    {
        using var cli = new CliHarness();

        var solve = await cli.RunAsync("bench", "solve", ShippedDrop, "--out", Path.Combine(cli.Scratch, "flap"), "--max-candidates", "400", "--hinged-ramps", "--json");

        solve.ExitCode.ShouldBe(0, solve.Stdout + solve.Stderr);
        var result = JsonNode.Parse(solve.Stdout)!;
        ((bool)result["hinged_ramps"]!).ShouldBeTrue();
        result["hinged_parts"]!.AsArray().Select(p => (string)p!).ShouldBe(["ramp3"]);
    }

    [Fact]
    public async Task Generate_WithHingedRamps_KeepsABenchmarkWhoseFlapReferenceBenchCheckProvesAgain()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");

        // Without the switch this seed keeps its first drop candidate with fixed ramps (BenchGenerationCommandTests);
        // with flaps the first is unsolved and the second is kept.
        var generate = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "4", "--out", output, "--family", "drop", "--workers", "1", "--hinged-ramps");

        generate.ExitCode.ShouldBe(0, generate.Stdout + generate.Stderr);
        generate.Stdout.ShouldContain("references with flaps on passive hinges (--hinged-ramps): 1 of 1; drop-");
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["settings"]!;
        ((string)settings["solver_hinged_ramps"]!).ShouldBe("true", "the set's index records the switch, so it can be reproduced from the index alone");
        ((string)settings["solver_candidates"]!).ShouldBe("1000");
        var folder = Directory.GetDirectories(output).ShouldHaveSingleItem();
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "reference", "solution.json")))!["parts"]!.AsArray().ShouldContain(p => p!["hinge"] != null);
        var check = await cli.RunAsync("bench", "check", folder);
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
        check.Stdout.ShouldContain("reference:   yes");
    }

    [Fact]
    public async Task Create_WithHingedRampsAndNoTeamReference_TheSolversFlapBecomesTheKeptReference()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "A dropped ball must land in a target zone", status = "pending" } } }),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = File.ReadAllText(ShippedDrop) }),
            FakeReply.ToolCall("finish", new { summary = "A ball dropped onto a floor must be brought into a target zone." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "A clear objective with realistic limits." } }),
        ]);
        var output = Path.Combine(cli.Scratch, "benchmarks");

        var result = await cli.RunAsync("bench", "create", "A dropped ball must be brought into a target zone.", "--out", output, "--solver-budget", "200", "--hinged-ramps");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("solvable by the baseline solver");
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "drop-29b0e1ae", "reference", "solution.json")))!["parts"]!.AsArray();
        reference.ShouldContain(p => p!["hinge"] != null, "the solver laid its ramp as a flap");
        var check = await cli.RunAsync("bench", "check", Path.Combine(output, "drop-29b0e1ae"));
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task Create_HingedRampsWithTheSolverOff_IsAUsageError()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "create", "a ball must be guided over a pit", "--out", Path.Combine(cli.Scratch, "b"), "--solver-budget", "0", "--hinged-ramps");

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("--solver-budget 0 turns the solver off");
        r.Stderr.ShouldContain("drop --hinged-ramps");
    }

    [Theory]
    [InlineData("solve")]
    [InlineData("generate")]
    [InlineData("create")]
    public async Task Help_DescribesHingedRampsAndWhatTheyCost(string command)
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", command, "--help");

        r.ExitCode.ShouldBe(0);
        var help = string.Join(' ', r.Stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        help.ShouldContain("--hinged-ramps");
        help.ShouldContain("flap on a passive hinge");
        help.ShouldContain("expect more candidates and time per solution");
    }
}
