using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// <c>leviathan bench create</c> end to end: the benchmark team over the one agent loop, the model scripted on the fake
/// OpenAI server, real OpenSCAD in bubblewrap, real MuJoCo, a real SQLite trace store. The scripted coder writes the
/// benchmark and its reference through the tools; what is kept is judged by running <c>bench check</c> on the output.
/// </summary>
public sealed partial class BenchCreateCommandTests
{
    private const string Brief = "A steel ball dropped above a table must be guided over a pit into a goal zone near the back wall.";

    /// <summary>A benchmark <c>bench generate --family drop --seed 4</c> kept, renamed: with its seed and a budget of 1000 the baseline solver finds a solution after 128 candidates (the budget shapes the search).</summary>
    private const string DropBenchmarkJson = """
        {"version": 1, "id": "ball-to-target", "family": "hand-written", "seed": 1647545034,
         "description": "A ball is dropped from 0.189 m. Get it into the target zone 0.281 m to the right of the drop point within the time limit.",
         "world": {"gravity": [0, 0, -9.81], "timestep": 0.002},
         "fixtures": [{"name": "floor", "shape": {"type": "box", "size": [1.4, 0.7, 0.02]}, "pose": {"position": [0, 0, -0.01]}, "friction": 0.8873}],
         "payload": {"name": "ball", "shape": {"type": "sphere", "radius": 0.0256}, "material": "aluminium_6061", "pose": {"position": [-0.0585, 0, 0.1888]},
                     "jitter": {"position": [0.01, 0.01, 0]}, "friction": 0.7905},
         "zones": {"build": {"min": [-0.1585, -0.1, 0], "max": [0.1716, 0.1, 0.1332]}, "goal": {"name": "target", "min": [0.1816, -0.12, 0], "max": [0.2634, 0.12, 0.08]}, "forbid": []},
         "limits": {"max_unit_cost": 59.44, "max_weight": 0.6149, "quantity": 100, "processes": ["print3d", "cnc_milling"], "materials": ["pla", "abs", "hardwood"]},
         "objective": {"kind": "any_time", "time_limit": 2.2936, "hold_time": 0.5, "settle_speed": 0.05}}
        """;

    private static readonly string Root = Leviathan.Testing.RepositoryRoot.Path;

    /// <summary>The cassette the README's benchmark-team example replays (re-record with LEVIATHAN_RECORD_EXAMPLE=1).</summary>
    private static readonly string ShippedCassette = Path.Combine(Root, "examples", "benchmark-create", "cassette.jsonl");

    [Fact]
    public async Task Create_CoderWritesABenchmarkAndItsReference_KeepsItWhereBenchCheckAcceptsIt()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = BenchmarkJson() }),
            .. WriteReference(),
            FakeReply.ToolCall("cad_render", new { views = new[] { "iso" }, with_environment = true }),
            FakeReply.ToolCall("bench_check", new { }),
            FakeReply.ToolCall("finish", new { summary = "The ball must be guided over the pit; the reference ramp passes every start." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Zones are consistent, the goal is unobstructed and the limits are realistic." } }),
        ]);
        var output = Path.Combine(cli.Scratch, "benchmarks");
        var cassette = Path.Combine(cli.Scratch, "create.cassette.jsonl");

        var result = await cli.RunAsync("bench", "create", Brief, "--out", output, "--solver-budget", "0", "--record-cassette", cassette);

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("succeeded");
        result.Stdout.ShouldContain("KEPT: " + Path.Combine(output, "ball-over-pit"));
        result.Stdout.ShouldContain("solvable by the team's reference");
        ToolResultOf(server, "cad_render").ShouldContain("payload 'ball' at its start");
        ToolResultOf(server, "bench_check").ShouldStartWith("ACCEPTABLE: valid, non-trivial and solvable.");
        server.ChatRequests.Last().SystemPrompt.ShouldContain("You are the benchmark reviewer");
        server.ChatRequests.Last().Messages.Any(m => FakeRequest.TextOf(m).Contains("PROVEN: 'ball-over-pit' is valid, non-trivial and solvable.", StringComparison.Ordinal)).ShouldBeTrue();

        // The layout of bench generate, and bench check proves it again from the files alone.
        var folder = Path.Combine(output, "ball-over-pit");
        File.Exists(Path.Combine(folder, "benchmark.json")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "scene.xml")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "reference", "solution.json")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "reference", "evaluation.json")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "reference", "scene.xml")).ShouldBeTrue();
        Directory.Exists(Path.Combine(folder, "renders")).ShouldBeFalse();
        Directory.Exists(Path.Combine(output, ".drafts")).ShouldBeFalse();
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray().ShouldHaveSingleItem()!;
        ((string)entry["id"]!).ShouldBe("ball-over-pit");
        ((bool)entry["kept"]!).ShouldBeTrue();
        ((string)entry["proven_by"]!).ShouldBe("team_reference");
        ((string)entry["run_id"]!).ShouldBe(result.RunId());
        var check = await cli.RunAsync("bench", "check", folder);
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
        check.Stdout.ShouldContain("non-trivial: yes");
        check.Stdout.ShouldContain("reference:   yes");

        var show = await cli.RunAsync("runs", "show", result.RunId());
        show.Stdout.ShouldContain("benchmark");
        File.ReadAllLines(cassette).Length.ShouldBe(server.ChatRequests.Count);
        if (Environment.GetEnvironmentVariable("LEVIATHAN_RECORD_EXAMPLE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ShippedCassette)!);
            File.Copy(cassette, ShippedCassette, overwrite: true);
        }
    }

    [Theory]
    [InlineData("payload starts in the goal", new[] { -0.36, -0.06, 0.34 }, new[] { -0.24, 0.06, 0.46 })]
    [InlineData("payload falls into the goal", new[] { -0.4, -0.1, 0.0 }, new[] { -0.2, 0.1, 0.1 })]
    public async Task Create_TrivialBenchmark_IsRejectedWithTheReasonFedBackAndTheFixedBenchmarkKept(string trivialBecause, double[] goalMin, double[] goalMax)
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var trivial = BenchmarkJson(json =>
        {
            json["description"] = trivialBecause;
            json["zones"]!["goal"]!["min"] = new JsonArray([.. goalMin.Select(v => (JsonNode?)v)]);
            json["zones"]!["goal"]!["max"] = new JsonArray([.. goalMax.Select(v => (JsonNode?)v)]);
        });
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = trivial }),
            .. WriteReference(),
            FakeReply.ToolCall("finish", new { summary = "Done." }),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = BenchmarkJson() }),
            FakeReply.ToolCall("finish", new { summary = "Moved the goal zone to the back wall." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The goal is now across the pit." } }),
        ]);
        var output = Path.Combine(cli.Scratch, "benchmarks");

        var result = await cli.RunAsync("bench", "create", Brief, "--out", output, "--solver-budget", "0");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var fedBack = server.ChatRequests
            .Where(r => r.SystemPrompt.Contains("You are the benchmark coder", StringComparison.Ordinal))
            .Select(r => r.LastMessageText)
            .First(t => t.Contains("Verification failed", StringComparison.Ordinal));
        fedBack.ShouldContain("NOT KEPT (trivial): left alone the payload meets the objective from start(s)");
        fedBack.ShouldContain("no part is needed");
        var check = await cli.RunAsync("bench", "check", Path.Combine(output, "ball-over-pit"));
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task Create_NoReferenceFromTheTeam_TheBaselineSolverProvesItSolvableAndTheIndexSaysSo()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = DropBenchmarkJson }),
            FakeReply.ToolCall("finish", new { summary = "A ball dropped onto a floor must roll into a target zone." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "A clear objective with realistic limits." } }),
        ]);
        var output = Path.Combine(cli.Scratch, "benchmarks");

        var result = await cli.RunAsync("bench", "create", "A dropped ball must be brought into a target zone beside the drop point.", "--out", output, "--solver-budget", "1000");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("solvable by the baseline solver");
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray().ShouldHaveSingleItem()!;
        ((string)entry["proven_by"]!).ShouldBe("baseline");
        ((int)entry["solver_candidates"]!).ShouldBeInRange(1, 1000);
        ((string)entry["detail"]!).ShouldContain("there is no reference/solution.json; the baseline solver's solution after");
        var check = await cli.RunAsync("bench", "check", Path.Combine(output, "ball-to-target"));
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
        File.ReadAllText(Path.Combine(output, "ball-to-target", "reference", "solution.json")).ShouldContain("\"name\": \"ramp1\"");
    }

    [Fact]
    public async Task Create_ShippedCassette_KeepsTheBenchmarkWithNoModelServer()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "benchmarks");

        var result = await cli.RunAsync("bench", "create", Brief, "--out", output, "--solver-budget", "0", "--replay-cassette", ShippedCassette, "--json");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain("replayed from cassette");
        var json = JsonNode.Parse(result.Stdout)!;
        ((bool)json["kept"]!).ShouldBeTrue();
        ((string)json["proven_by"]!).ShouldBe("team_reference");
        var check = await cli.RunAsync("bench", "check", (string)json["folder"]!);
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
    }

    [Theory]
    [InlineData("the brief is empty", " ", "--out", "b")]
    [InlineData("--solver-budget must be from 0", "a brief", "--out", "b", "--solver-budget", "-1")]
    [InlineData("--replay-cassette and --record-cassette cannot be used together", "a brief", "--out", "b", "--replay-cassette", "x.jsonl", "--record-cassette", "y.jsonl")]
    [InlineData("--max-steps must be a whole number", "a brief", "--out", "b", "--max-steps", "0")]
    [InlineData("Option '--out' is required", "a brief")]
    public async Task Create_UsageError_ExitsTwoWithTheReason(string message, params string[] args)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync(["bench", "create", .. args]);

        result.ExitCode.ShouldBe(2, result.Stdout + result.Stderr);
        result.Stderr.ShouldContain(message);
        Directory.Exists(Path.Combine(cli.Scratch, "b")).ShouldBeFalse();
    }

    private static FakeReply Plan() => FakeReply.ToolCall("todo_write", new
    {
        items = new[]
        {
            new { id = "1", text = "Objective: guide a falling ball over a pit; physics: gravity, rolling friction; geometry: floor, back wall, pit, goal by the wall", status = "pending" },
            new { id = "2", text = "Limits: 80 USD, 0.6 kg, milled hardwood or printed plastics; reference: a railed ramp", status = "pending" },
        },
    });

    /// <summary>The shipped ramp-to-goal benchmark as a new one with its own id.</summary>
    private static string BenchmarkJson(Action<JsonNode>? change = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json")))!;
        json["id"] = "ball-over-pit";
        json["description"] = "Guide the falling ball over the pit into the goal zone by the back wall within 3 seconds.";
        change?.Invoke(json);
        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static FakeReply[] WriteReference() => FakeReply.WriteFiles(Path.Combine(Root, "examples", "solutions", "ramp-to-goal"), "reference/");

    private static List<string> ToolResultsOf(FakeOpenAiServer server, string tool) => server.ToolResultsOf(tool);

    private static string ToolResultOf(FakeOpenAiServer server, string tool) => ToolResultsOf(server, tool).ShouldHaveSingleItem();
}
