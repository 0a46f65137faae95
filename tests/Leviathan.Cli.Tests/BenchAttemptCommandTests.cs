using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// <c>leviathan bench attempt</c> end to end: the physics team over the one agent loop, the model scripted on the fake
/// OpenAI server, real OpenSCAD in bubblewrap, real MuJoCo, a real SQLite trace store. The scripted engineer acts
/// through the tools only: it writes the files with write_file and checks them with the physics tools.
/// </summary>
public sealed partial class BenchAttemptCommandTests
{
    private static readonly string Root = Leviathan.Testing.RepositoryRoot.Path;

    /// <summary>The cassette the README's physics example replays (re-record with LEVIATHAN_RECORD_EXAMPLE=1).</summary>
    private static readonly string ShippedCassette = Path.Combine(Root, "examples", "physics-attempt", "cassette.jsonl");

    [Theory]
    [InlineData("ramp-to-goal")]
    [InlineData("flip-into-bin")]
    public async Task Attempt_EngineerWritesTheExampleThroughTheTools_SolvesTheBenchmarkAndExitsZero(string example)
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            .. WriteExample(example),
            FakeReply.ToolCall("validate_solution", new { }),
            FakeReply.ToolCall("simulate", new { samples = 1 }),
            FakeReply.ToolCall("finish", new { summary = "The design passes validation and simulation." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ]);
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", Benchmark(example), "--out", solution, "--samples", "2");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("succeeded");
        result.Stdout.ShouldContain($"SUCCESS: the solution solves '{example}'");
        ToolResultOf(server, "validate_solution").ShouldStartWith("VALID: every check passes");
        ToolResultOf(server, "simulate").ShouldStartWith("SUCCESS: all ");
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples", "solutions", example)))
        {
            File.ReadAllText(Path.Combine(solution, Path.GetFileName(file))).ShouldBe(File.ReadAllText(file));
        }

        var evaluation = JsonNode.Parse(File.ReadAllText(Path.Combine(solution, "evaluation.json")))!;
        evaluation["reasons"]!.AsArray().ShouldBeEmpty();
        evaluation["samples"]!.AsArray().Count.ShouldBeGreaterThan(2);
        File.Exists(Path.Combine(solution, "renders", "cad-iso-env.png")).ShouldBeTrue();
        File.Exists(Path.Combine(solution, "renders", "cad-side-env.png")).ShouldBeTrue();
        Directory.GetFiles(Path.Combine(solution, "renders"), "filmstrip-iso-*.png").Length.ShouldBe(5);
        ToolResultOf(server, "simulate").ShouldContain("filmstrip of sample 0 (iso): t=0 s renders/filmstrip-iso-");
        var runs = await cli.RunAsync("runs", "list");
        runs.Stdout.ShouldContain(result.RunId()[..8]);
    }

    [Fact]
    public async Task Attempt_FirstDesignPenetratesTheFloor_ValidateSaysSoAndTheCorrectedDesignSucceeds()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "block.scad", content = "cube([40, 40, 40]);\n" }),
            FakeReply.ToolCall("write_file", new
            {
                path = "solution.json",
                content = """{ "version": 1, "parts": [ { "name": "block", "file": "block.scad", "material": "pla", "process": "print3d", "position": [-0.3, 0, -0.01] } ] }""",
            }),
            FakeReply.ToolCall("validate_solution", new { }),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("validate_solution", new { }),
            FakeReply.ToolCall("finish", new { summary = "Replaced the block by a guided ramp." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ]);
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", solution, "--samples", "1");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var first = ToolResultsOf(server, "validate_solution")[0];
        first.ShouldStartWith("INVALID:");
        first.ShouldContain("parts_overlap: part 'block' and fixture 'floor' share 16000 mm³");
        ToolResultsOf(server, "validate_solution")[1].ShouldStartWith("VALID");
    }

    [Fact]
    public async Task Attempt_SolutionThatPassesOnlySomeStarts_ReviewerCannotAcceptItAndRejectsItAsNotRobust()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        // The ball starts anywhere across 20 cm; a bare 10 cm plank without rails catches it only from some starts.
        var benchmark = ChangedBenchmark(cli, "ramp-to-goal", json =>
        {
            json["payload"]!["jitter"]!["position"] = new JsonArray(0, 0.1, 0);
            json["zones"]!["build"]!["min"]![1] = -0.2;
            json["zones"]!["build"]!["max"]![1] = 0.2;
        });
        var reject = FakeReply.ToolCall("verdict", new { accept = false, reasons = new[] { "Not robust: the ball misses the plank from the starts far to the side." } });
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "plank.scad", content = "translate([0, -50, 0]) cube([650, 100, 6]);\n" }),
            FakeReply.ToolCall("write_file", new
            {
                path = "solution.json",
                content = """{ "version": 1, "parts": [ { "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.24], "rotation": [0, 17, 0] } ] }""",
            }),
            FakeReply.ToolCall("finish", new { summary = "A plank ramp." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Looks fine." } }),
            reject,
            FakeReply.ToolCall("finish", new { summary = "Still the plank ramp." }),
            reject,
        ]);
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", benchmark, "--out", solution, "--samples", "8");

        result.ExitCode.ShouldBe(1, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("failed_verification");
        result.Stdout.ShouldContain("rejected the change 2 times: Not robust");
        var refused = ToolResultOf(server, "verdict");
        refused.ShouldStartWith("A solution that fails the evaluation cannot be accepted: ");
        var match = PassedPattern().Match(refused);
        match.Success.ShouldBeTrue(refused);
        var (passed, drawn) = (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        passed.ShouldBeInRange(1, drawn - 1);
        // The reviewer saw the orchestrator's evaluation with the failing starts.
        server.ChatRequests.Any(r => r.SystemPrompt.Contains("You are the reviewer", StringComparison.Ordinal) && r.Messages.Any(m => FakeRequest.TextOf(m).Contains("not robust: every start must pass", StringComparison.Ordinal))).ShouldBeTrue();
        var evaluation = JsonNode.Parse(File.ReadAllText(Path.Combine(solution, "evaluation.json")))!;
        evaluation["reasons"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Attempt_CostLimitBelowAnyPart_EngineerRefusesWithTheComputedCostAndTheRunEndsRefused()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var benchmark = ChangedBenchmark(cli, "ramp-to-goal", json => json["limits"]!["max_unit_cost"] = 0.5);
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "plank.scad", content = "translate([0, -40, 0]) cube([650, 80, 6]);\n" }),
            FakeReply.ToolCall("write_file", new
            {
                path = "solution.json",
                content = """{ "version": 1, "parts": [ { "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.24], "rotation": [0, 17, 0] } ] }""",
            }),
            FakeReply.ToolCall("cad_inspect", new { part = "plank" }),
        ]);
        server.RespondWith(request =>
        {
            if (request.SystemPrompt.Contains("You are the planner", StringComparison.Ordinal))
            {
                return FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Check the cost bound of the cheapest ramp", status = "blocked" } } });
            }

            // Quote the cost line cad_inspect computed: the single cheapest part already costs more than the limit.
            var inspected = request.ToolResults.Select(t => t.Content).Last(c => c.Contains("USD per unit", StringComparison.Ordinal));
            var line = inspected.Split('\n').Single(l => l.StartsWith("cost (", StringComparison.Ordinal));
            return FakeReply.ToolCall("refuse_plan", new { reason = "No part that can guide the ball fits the cost limit of 0.5 USD.", evidence = line });
        });
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", benchmark, "--out", solution, "--samples", "1");

        result.ExitCode.ShouldBe(1, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("refused");
        result.Stdout.ShouldContain("No part that can guide the ball fits the cost limit");
        var planner = server.ChatRequests.First(r => r.SystemPrompt.Contains("You are the planner", StringComparison.Ordinal) && r.LastMessageText.Contains("refused the plan", StringComparison.Ordinal));
        planner.LastMessageText.ShouldContain("USD per unit (the whole solution may cost 0.50)");
        result.Stdout.ShouldContain("over_cost");
    }

    [Theory]
    [InlineData("tools, vision", true)]
    [InlineData("tools", false)]
    public async Task Attempt_CadRender_SendsThePngsOnlyToAModelWithVision(string capabilities, bool images)
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), $"models:\n  profiles:\n    default:\n      capabilities: [{capabilities}]\n");
        server.Enqueue([
            Plan(),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("cad_render", new { views = new[] { "iso", "top" }, with_environment = true }),
            FakeReply.ToolCall("finish", new { summary = "Drawn and done." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ]);

        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "solution"), "--samples", "1");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var afterRender = server.ChatRequests.First(r => ToolResultsOf(server, "cad_render").Count > 0 && r.ToolResults.Any(t => t.Content.StartsWith("drew plank", StringComparison.Ordinal)));
        afterRender.ToolResults.Single(t => t.Content.StartsWith("drew plank", StringComparison.Ordinal)).Content.ShouldContain("what the images show");
        var imageParts = afterRender.Messages
            .Where(m => m["role"]?.GetValue<string>() == "user" && m["content"] is JsonArray)
            .SelectMany(m => m["content"]!.AsArray())
            .Where(c => c!["type"]?.GetValue<string>() == "image_url")
            .Select(c => c!["image_url"]!["url"]!.GetValue<string>())
            .ToList();
        if (images)
        {
            imageParts.Count.ShouldBe(2);
            imageParts.ShouldAllBe(url => url.StartsWith("data:image/png;base64,iVBOR", StringComparison.Ordinal));
        }
        else
        {
            imageParts.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Attempt_RecordedToACassette_ReplaysWithoutAModelServer()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("validate_solution", new { }),
            FakeReply.ToolCall("simulate", new { samples = 1 }),
            FakeReply.ToolCall("finish", new { summary = "The ramp with two rails passes validation and simulation." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes; cost and weight are within the limits." } }),
        ]);
        var cassette = Path.Combine(cli.Scratch, "attempt.cassette.jsonl");

        var recorded = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "recorded"), "--samples", "2", "--record-cassette", cassette);

        recorded.ExitCode.ShouldBe(0, recorded.Stderr + recorded.Stdout);
        File.ReadAllLines(cassette).Length.ShouldBe(server.ChatRequests.Count);
        if (Environment.GetEnvironmentVariable("LEVIATHAN_RECORD_EXAMPLE") == "1")
        {
            File.Copy(cassette, ShippedCassette, overwrite: true);
        }

        var replayed = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "replayed"), "--samples", "2", "--replay-cassette", cassette);

        replayed.ExitCode.ShouldBe(0, replayed.Stderr + replayed.Stdout);
        replayed.Stderr.ShouldContain("replayed from cassette");
        File.ReadAllText(Path.Combine(cli.Scratch, "replayed", "plank.scad")).ShouldBe(File.ReadAllText(Path.Combine(Root, "examples", "solutions", "ramp-to-goal", "plank.scad")));
    }

    [Fact]
    public async Task Attempt_ShippedCassette_SolvesTheRampWithNoModelServer()
    {
        using var cli = new CliHarness();
        var solution = Path.Combine(cli.Scratch, "solution");

        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", solution, "--samples", "2", "--replay-cassette", ShippedCassette);

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("SUCCESS: the solution solves 'ramp-to-goal'");
        File.Exists(Path.Combine(solution, "evaluation.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task Attempt_SamplesOutOfRange_IsAUsageError()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "s"), "--samples", "0");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--samples must be from 1 to 1000, not 0");
    }

    private static FakeReply Plan() => FakeReply.ToolCall("todo_write", new
    {
        items = new[]
        {
            new { id = "1", text = "Mechanism: a tilted ramp guides the payload into the goal; parts and allocation within the limits", status = "pending" },
            new { id = "2", text = "Simulation shows the payload in the goal in every jittered start", status = "pending" },
        },
    });

    private static FakeReply[] WriteExample(string example) => FakeReply.WriteFiles(Path.Combine(Root, "examples", "solutions", example));

    private static string Benchmark(string name) => Path.Combine(Root, "examples", "benchmarks", name + ".json");

    private static string ChangedBenchmark(CliHarness cli, string name, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(Benchmark(name)))!;
        change(json);
        var path = Path.Combine(cli.Scratch, name + "-changed.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static List<string> ToolResultsOf(FakeOpenAiServer server, string tool) => server.ToolResultsOf(tool);

    private static string ToolResultOf(FakeOpenAiServer server, string tool) => ToolResultsOf(server, tool).ShouldHaveSingleItem();

    [GeneratedRegex(@"(\d+) of (\d+) starts pass")]
    private static partial Regex PassedPattern();
}
