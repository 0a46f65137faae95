using System.Text.Json.Nodes;

namespace Leviathan.Cli.Tests;

/// <summary><c>bench check DIR</c> of a whole set: every kept benchmark is checked, with a line each, a summary and one exit code.</summary>
public sealed class BenchCheckSetTests
{
    private static readonly string PhysicsSmall = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "suites", "physics-small");

    [Fact]
    public async Task Check_SetWithATrivialAndAMissingBenchmark_ChecksEveryKeptOneAndFailsNamingThem()
    {
        using var cli = new CliHarness();
        // Kept: drop (sound), flip (its goal moved onto the payload's start) and lift (its folder missing); gap-240cbb0c was rejected.
        var set = CopySet(cli, ["drop-78c0d7ff", "flip-4e5c0d78"], ["drop-78c0d7ff", "flip-4e5c0d78", "lift-64c239ff", "gap-240cbb0c"]);
        MoveGoalOntoPayload(Path.Combine(set, "flip-4e5c0d78", "benchmark.json"));

        var text = await cli.RunAsync("bench", "check", set);
        var json = await cli.RunAsync("bench", "check", set, "--json");

        text.ExitCode.ShouldBe(1, text.Stdout + text.Stderr);
        var lines = text.Stdout.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(4, text.Stdout);
        lines.ShouldContain("OK:     drop-78c0d7ff");
        lines.ShouldContain(l => l.StartsWith("FAILED: flip-4e5c0d78 - non-trivial: NO - left alone the payload meets the objective", StringComparison.Ordinal));
        lines.ShouldContain($"FAILED: lift-64c239ff - its folder {Path.Combine(set, "lift-64c239ff")} is missing");
        lines[^1].ShouldBe($"2 of 3 benchmark(s) of {set} FAILED: flip-4e5c0d78, lift-64c239ff");
        text.Stdout.ShouldNotContain("gap-240cbb0c");

        json.ExitCode.ShouldBe(1, json.Stdout + json.Stderr);
        var report = JsonNode.Parse(json.Stdout)!;
        ((string)report["set"]!).ShouldBe(set);
        ((bool)report["passed"]!).ShouldBeFalse();
        ((int)report["checked"]!).ShouldBe(3);
        report["failed"]!.AsArray().Select(f => (string)f!).ShouldBe(["flip-4e5c0d78", "lift-64c239ff"]);
        var benchmarks = report["benchmarks"]!.AsArray().ToDictionary(b => (string)b!["benchmark"]!);
        ((bool)benchmarks["drop-78c0d7ff"]!["reference"]!["success"]!).ShouldBeTrue();
        ((bool)benchmarks["flip-4e5c0d78"]!["non_trivial"]!["passed"]!).ShouldBeFalse();
        ((string)benchmarks["lift-64c239ff"]!["error"]!).ShouldContain("is missing");
    }

    [Fact]
    public async Task Check_SetWhoseKeptBenchmarksAllPass_ExitsZeroWithTheSummary()
    {
        using var cli = new CliHarness();
        var set = CopySet(cli, ["drop-78c0d7ff"], ["drop-78c0d7ff", "gap-240cbb0c"]);

        var result = await cli.RunAsync("bench", "check", set);

        result.ExitCode.ShouldBe(0, result.Stdout + result.Stderr);
        result.Stdout.ShouldBe($"OK:     drop-78c0d7ff\nall 1 benchmark(s) of {set} pass\n");
    }

    [Fact]
    public async Task Check_FolderThatIsNeitherABenchmarkNorASet_IsAUsageErrorSayingWhatIsMissing()
    {
        using var cli = new CliHarness();
        var folder = Path.Combine(cli.Scratch, "empty");
        Directory.CreateDirectory(folder);

        var text = await cli.RunAsync("bench", "check", folder);
        var json = await cli.RunAsync("bench", "check", folder, "--json");

        text.ExitCode.ShouldBe(2);
        text.Stderr.ShouldContain($"{folder} is neither a benchmark folder (it has no benchmark.json) nor a benchmark set (it has no index.json)");
        json.ExitCode.ShouldBe(2);
        ((string)JsonNode.Parse(json.Stdout)!["error"]!["message"]!).ShouldContain("is neither a benchmark folder");
    }

    [Fact]
    public async Task Check_SetWhoseIndexIsNotAnIndex_IsAUsageErrorNamingTheFile()
    {
        using var cli = new CliHarness();
        var set = Path.Combine(cli.Scratch, "set");
        Directory.CreateDirectory(set);
        File.WriteAllText(Path.Combine(set, "index.json"), "{\"candidates\": 3}");

        var result = await cli.RunAsync("bench", "check", set);

        result.ExitCode.ShouldBe(2, result.Stdout + result.Stderr);
        result.Stderr.ShouldContain($"{Path.Combine(set, "index.json")} is not a benchmark set's index");
    }

    /// <summary>A set folder with copies of some of physics-small's benchmarks and an index listing the given candidates.</summary>
    private static string CopySet(CliHarness cli, string[] folders, string[] listed)
    {
        var set = Path.Combine(cli.Scratch, "set");
        foreach (var folder in folders)
        {
            CopyFolder(Path.Combine(PhysicsSmall, folder), Path.Combine(set, folder));
        }

        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(PhysicsSmall, "index.json")))!;
        var candidates = index["candidates"]!.AsArray().Where(c => listed.Contains((string)c!["id"]!)).Select(c => c!.DeepClone()).ToArray();
        index["candidates"] = new JsonArray(candidates);
        File.WriteAllText(Path.Combine(set, "index.json"), index.ToJsonString());
        return set;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private static void MoveGoalOntoPayload(string file)
    {
        var benchmark = JsonNode.Parse(File.ReadAllText(file))!;
        var position = benchmark["payload"]!["pose"]!["position"]!.AsArray().Select(v => (double)v!).ToArray();
        benchmark["zones"]!["goal"]!["min"] = new JsonArray(position[0] - 0.1, position[1] - 0.1, 0);
        benchmark["zones"]!["goal"]!["max"] = new JsonArray(position[0] + 0.1, position[1] + 0.1, position[2] + 0.1);
        File.WriteAllText(file, benchmark.ToJsonString());
    }
}
