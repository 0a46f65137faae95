using System.Text.Json.Nodes;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// A <c>bench attempt</c> run is a normal run: <c>runs resume</c> and <c>runs replay</c> rebuild the physics team from
/// what the run recorded, and <c>runs export</c> carries the physics tools' results as data beside their text.
/// </summary>
public sealed partial class BenchAttemptCommandTests
{
    [Fact]
    public async Task RunsResume_PhysicsRunStoppedByItsStepLimit_RebuildsThePhysicsTeamAndSucceeds()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        FakeReply[] script =
        [
            Plan(),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("validate_solution", new { }),
            FakeReply.ToolCall("finish", new { summary = "The ramp with two rails passes validation." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ];
        server.Enqueue(script[..3]);
        var solution = Path.Combine(cli.Scratch, "solution");
        var first = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", solution, "--samples", "1", "--max-steps", "3");
        first.ExitCode.ShouldBe(1, first.Stderr + first.Stdout);
        first.Stdout.ShouldContain("budget_exhausted");
        var runId = first.RunId();
        server.Enqueue(script[3..]);
        server.RespondWith(_ => FakeReply.Error(500, "no more replies scripted"));

        var resumed = await cli.RunAsync("runs", "resume", runId, "--max-steps", "20", "--json");

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        resumed.Stderr.ShouldContain("rolled back to checkpoint");
        resumed.Stderr.ShouldContain("verify:    bench evaluate ramp-to-goal.json (all checks; 1 jitter samples");
        server.ChatRequests.Count.ShouldBe(script.Length, "the three recorded steps were redone without the model");
        var summary = JsonNode.Parse(resumed.Stdout)!;
        summary["status"]!.GetValue<string>().ShouldBe("succeeded");
        var child = summary["run_id"]!.GetValue<string>();
        var shown = JsonNode.Parse((await cli.RunAsync("runs", "show", child, "--json")).Stdout)!;
        shown.ToJsonString().ShouldContain("\"team\":\"physics\"");
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples", "solutions", "ramp-to-goal")))
        {
            File.ReadAllText(Path.Combine(solution, Path.GetFileName(file))).ShouldBe(File.ReadAllText(file));
        }

        JsonNode.Parse(File.ReadAllText(Path.Combine(solution, "evaluation.json")))!["reasons"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunsResume_PhysicsRunWhoseBenchmarkFileIsGone_SaysSoAndChangesNothing()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([Plan(), .. WriteExample("ramp-to-goal")]);
        var benchmark = ChangedBenchmark(cli, "ramp-to-goal", _ => { });
        var solution = Path.Combine(cli.Scratch, "solution");
        var first = await cli.RunAsync("bench", "attempt", benchmark, "--out", solution, "--samples", "1", "--max-steps", "2");
        first.Stdout.ShouldContain("budget_exhausted");
        File.Delete(benchmark);

        var resumed = await cli.RunAsync("runs", "resume", first.RunId());

        resumed.ExitCode.ShouldBe(1, resumed.Stderr + resumed.Stdout);
        resumed.Stderr.ShouldContain($"the benchmark {benchmark} that run {first.RunId()} attempted no longer exists");
        resumed.Stderr.ShouldNotContain("rolled back");
        File.Exists(Path.Combine(solution, "plank.scad")).ShouldBeTrue("the workspace was not rolled back");
    }

    [Theory]
    [InlineData("resume")]
    [InlineData("replay")]
    public async Task RunsResumeAndReplay_RunOfATeamNoEntryRebuilds_UsageErrorNamingTheKnownTeams(string command)
    {
        using var cli = new CliHarness();
        var workspace = Path.Combine(cli.Scratch, "ws");
        Directory.CreateDirectory(workspace);
        Guid id;
        await using (var store = await Leviathan.Persistence.Tracing.TraceStore.OpenAsync(new Leviathan.Persistence.TraceStoreOptions { Home = cli.Home }, cli.Time))
        {
            id = (await store.CreateRunAsync(new Leviathan.Core.Runs.RunSpec("draw a bridge", "drafting", "default", workspace))).Id;
            await store.CompleteRunAsync(id, Leviathan.Core.Runs.RunStatus.Cancelled, "cancelled by the user (Ctrl-C)", Leviathan.Core.Runs.RunUsage.None);
        }

        var result = command == "resume"
            ? await cli.RunAsync("runs", "resume", id.ToString())
            : await cli.RunAsync("runs", "replay", id.ToString(), "--workspace", workspace);

        result.ExitCode.ShouldBe(2, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain($"run {id} is a 'drafting' run, a team this leviathan cannot rebuild (known teams: software, physics");
        result.Stderr.ShouldContain("start the run again with the command that made it");
    }

    [Fact]
    public async Task RunsReplay_PhysicsRunFromTheShippedCassette_ReexecutesWithRealToolsAndMatches()
    {
        using var cli = new CliHarness();
        var first = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "solution"), "--samples", "2", "--replay-cassette", ShippedCassette);
        first.ExitCode.ShouldBe(0, first.Stderr + first.Stdout);
        var runId = first.RunId();
        var fresh = Path.Combine(cli.Scratch, "fresh");
        Directory.CreateDirectory(fresh);

        var replay = await cli.RunAsync("runs", "replay", runId, "--workspace", fresh);

        replay.ExitCode.ShouldBe(0, replay.Stdout + replay.Stderr);
        replay.Stdout.ShouldContain($"replay matches run {runId}: status succeeded");
        File.ReadAllText(Path.Combine(fresh, "plank.scad")).ShouldBe(File.ReadAllText(Path.Combine(Root, "examples", "solutions", "ramp-to-goal", "plank.scad")));
        JsonNode.Parse(File.ReadAllText(Path.Combine(fresh, "evaluation.json")))!["reasons"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunsExport_PhysicsRun_CarriesEachPhysicsToolResultAsDataBesideItsText()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue([
            Plan(),
            .. WriteExample("ramp-to-goal"),
            FakeReply.ToolCall("cad_inspect", new { part = "plank" }),
            FakeReply.ToolCall("cad_render", new { views = new[] { "iso" }, with_environment = true }),
            FakeReply.ToolCall("validate_solution", new { }),
            FakeReply.ToolCall("simulate", new { samples = 1 }),
            FakeReply.ToolCall("finish", new { summary = "Checked with every tool." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Every start passes." } }),
        ]);
        var result = await cli.RunAsync("bench", "attempt", Benchmark("ramp-to-goal"), "--out", Path.Combine(cli.Scratch, "solution"), "--samples", "1");
        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var export = Path.Combine(cli.Scratch, "run.jsonl");

        (await cli.RunAsync("runs", "export", result.RunId(), "--out", export)).ExitCode.ShouldBe(0);

        var results = File.ReadAllLines(export).Skip(1).Select(l => JsonNode.Parse(l)!)
            .Where(e => e["kind"]!.GetValue<string>() == "tool_result")
            .GroupBy(e => e["payload"]!["name"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()["payload"]!, StringComparer.Ordinal);
        var inspect = results["cad_inspect"]!;
        inspect["text"]!.GetValue<string>().ShouldContain("USD per unit");
        inspect["structured"]!["part"]!.GetValue<string>().ShouldBe("plank");
        inspect["structured"]!["mass_kg"]!.GetValue<double>().ShouldBeGreaterThan(0);
        inspect["structured"]!["unit_cost_usd"]!.GetValue<double>().ShouldBeGreaterThan(0);
        results["cad_render"]!["structured"]!["images"]!.AsArray().Select(i => i!.GetValue<string>()).ShouldBe(["renders/cad-iso-env.png"]);
        results["cad_render"]!["structured"]!["parts"]!.AsArray().Count.ShouldBe(3);
        results["validate_solution"]!["text"]!.GetValue<string>().ShouldStartWith("VALID");
        results["validate_solution"]!["structured"]!["reasons"]!.AsArray().ShouldBeEmpty();
        results["validate_solution"]!["structured"]!["max_unit_cost"]!.GetValue<double>().ShouldBeGreaterThan(0);
        var simulated = results["simulate"]!["structured"]!;
        simulated["samples"]!.AsArray().ShouldNotBeEmpty();
        simulated["samples"]!.AsArray().ShouldAllBe(s => s!["passed"]!.GetValue<bool>());
        var verify = results["verify"]!["structured"]!;
        verify["benchmark"]!.GetValue<string>().ShouldBe("ramp-to-goal");
        verify["samples"]!.AsArray().Count.ShouldBeGreaterThan(1);
    }
}
