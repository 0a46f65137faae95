using System.Text.Json.Nodes;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary><c>runs resume</c> of a benchmark-team run: the team is rebuilt from what the run recorded and keeps its benchmark.</summary>
public sealed partial class BenchCreateCommandTests
{
    [Fact]
    public async Task RunsResume_BenchmarkRunStoppedByItsStepLimit_RebuildsTheTeamAndKeepsTheBenchmark()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        FakeReply[] script =
        [
            Plan(),
            FakeReply.ToolCall("write_file", new { path = "benchmark.json", content = BenchmarkJson() }),
            .. WriteReference(),
            FakeReply.ToolCall("finish", new { summary = "The ball must be guided over the pit; the reference ramp passes every start." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Zones are consistent and the limits are realistic." } }),
        ];
        server.Enqueue(script[..2]);
        var output = Path.Combine(cli.Scratch, "benchmarks");
        var first = await cli.RunAsync("bench", "create", Brief, "--out", output, "--solver-budget", "0", "--max-steps", "2");
        first.ExitCode.ShouldBe(1, first.Stderr + first.Stdout);
        first.Stdout.ShouldContain("NOT KEPT");
        File.Exists(Path.Combine(output, "index.json")).ShouldBeFalse();
        server.Enqueue(script[2..]);
        server.RespondWith(_ => FakeReply.Error(500, "no more replies scripted"));

        var resumed = await cli.RunAsync("runs", "resume", first.RunId(), "--max-steps", "30");

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        server.ChatRequests.Count.ShouldBe(script.Length, "the two recorded steps were redone without the model");
        resumed.Stdout.ShouldContain("KEPT: " + Path.Combine(output, "ball-over-pit"));
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray().ShouldHaveSingleItem()!;
        ((string)entry["proven_by"]!).ShouldBe("team_reference");
        var check = await cli.RunAsync("bench", "check", Path.Combine(output, "ball-over-pit"));
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task RunsReplay_KeptBenchmarkRun_ReexecutesIntoAnEmptyFolderAndMatches()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "benchmarks");
        var first = await cli.RunAsync("bench", "create", Brief, "--out", output, "--solver-budget", "0", "--replay-cassette", ShippedCassette);
        first.ExitCode.ShouldBe(0, first.Stderr + first.Stdout);
        var runId = first.RunId();
        var index = File.ReadAllText(Path.Combine(output, "index.json"));
        var fresh = Path.Combine(cli.Scratch, "fresh");
        Directory.CreateDirectory(fresh);

        var replay = await cli.RunAsync("runs", "replay", runId, "--workspace", fresh);

        replay.ExitCode.ShouldBe(0, replay.Stdout + replay.Stderr);
        replay.Stdout.ShouldContain($"replay matches run {runId}: status succeeded");
        File.Exists(Path.Combine(fresh, "benchmark.json")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(output, "index.json")).ShouldBe(index, "a replay keeps nothing in the run's output folder");
    }
}
