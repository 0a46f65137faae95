using System.Text.Json.Nodes;

namespace Leviathan.Cli.Tests;

/// <summary><c>bench evaluate</c> lists one line per kind of failure, naming how many starts and which, not one per start.</summary>
public sealed class BenchEvaluateReasonGroupsTests
{
    private static string EarlierGap => Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "tests", "Leviathan.Cli.Tests", "Data", "gap-0d74e9bd");

    [Fact]
    public async Task Evaluate_OnePartThatLetsThePayloadFallIntoThePitEverywhere_ListsEachReasonOnceWithItsStarts()
    {
        using var cli = new CliHarness();
        var solution = OnePart(cli);

        var text = await cli.RunAsync("bench", "evaluate", Path.Combine(EarlierGap, "benchmark.json"), solution);

        text.ExitCode.ShouldBe(1, text.Stdout + text.Stderr);
        text.Stdout.ShouldStartWith("FAILURE: the solution does not solve 'gap-0d74e9bd' (2 reasons)");
        var lines = text.Stdout.Split('\n');
        lines.Count(l => l.StartsWith("  - forbid_zone_touched:", StringComparison.Ordinal)).ShouldBe(1, text.Stdout);
        text.Stdout.ShouldContain("  - forbid_zone_touched: in 13 of 13 starts (0, 1, 2, 3, 4, 5, 6, 7, nominal, corner 0, corner 1, corner 2, corner 3): the payload touches forbid zone 'pit'\n");
        lines.Count(l => l.StartsWith("  - objective_missed:", StringComparison.Ordinal)).ShouldBe(1);

        var json = await cli.RunAsync("bench", "evaluate", Path.Combine(EarlierGap, "benchmark.json"), solution, "--json");

        json.ExitCode.ShouldBe(1, json.Stdout + json.Stderr);
        var report = JsonNode.Parse(json.Stdout)!;
        report["reasons"]!.AsArray().Count(r => (string)r!["code"]! == "forbid_zone_touched").ShouldBe(13, "reasons keeps one entry per start");
        var groups = report["reason_groups"]!.AsArray();
        groups.Select(g => (string)g!["code"]!).ShouldBe(["forbid_zone_touched", "objective_missed"]);
        groups[0]!["starts"]!.AsArray().Count.ShouldBe(13);
        groups[1]!["starts"]!.AsArray().ShouldBeEmpty("objective_missed is about the whole solution and names its starts in its message");
    }

    /// <summary>The reference of a gap benchmark from an earlier physics-small (kept as test data) cut down to its first ramp: the payload falls short into the pit from every start.</summary>
    private static string OnePart(CliHarness cli)
    {
        var folder = Path.Combine(cli.Scratch, "one-part");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(EarlierGap, "reference"), "*.scad"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var solution = JsonNode.Parse(File.ReadAllText(Path.Combine(EarlierGap, "reference", "solution.json")))!.AsObject();
        var first = solution["parts"]!.AsArray()[0]!.DeepClone();
        solution["parts"] = new JsonArray(first);
        solution["motors"] = new JsonArray();
        File.WriteAllText(Path.Combine(folder, "solution.json"), solution.ToJsonString());
        return folder;
    }
}
