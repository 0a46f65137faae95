using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// Every <c>--json</c> output uses one naming convention: snake_case, as the trace format. Each command runs for real
/// (SQLite, bubblewrap, MuJoCo, OpenSCAD, the fake model server on 127.0.0.1) and its whole JSON is walked.
/// </summary>
public sealed partial class JsonOutputTests
{
    private static readonly string Root = Leviathan.Testing.RepositoryRoot.Path;

    [Fact]
    public async Task JsonOutputs_OfEveryCommandThatPrintsResults_HaveNoCamelCaseKeys()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(_ => FakeReply.Text("pong").WithUsage(9, 1));
        cli.UseModel(server);
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "work");
        var replayed = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify(), "--replay-cassette", Path.Combine(Root, "examples", "agent-task", "cassette.jsonl"));
        replayed.ExitCode.ShouldBe(0, replayed.Stderr);
        var runs = (JsonArray)JsonNode.Parse((await cli.RunAsync("runs", "list", "--json")).Stdout)!;
        var runId = (string)runs.ShouldHaveSingleItem()!["run_id"]!;

        var part = Path.Combine(cli.Scratch, "part.scad");
        await File.WriteAllTextAsync(part, "cube([10, 10, 10]);\n");
        var edit = Path.Combine(cli.Scratch, "fix.diff");
        await File.WriteAllTextAsync(edit, "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-old\n+new\n");
        await File.WriteAllTextAsync(Path.Combine(workspace, "notes.txt"), "old\n");
        var scene = Path.Combine(cli.Scratch, "scene.xml");
        (await cli.RunAsync("bench", "scene", Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json"), "--out", scene)).ExitCode.ShouldBe(0);

        string[][] commands =
        [
            ["config", "show", "--json"],
            ["models", "list", "--json"],
            ["models", "ping", "--json"],
            ["runs", "list", "--json"],
            ["runs", "show", runId, "--json"],
            ["edit", "apply", edit, "--root", workspace, "--dry-run", "--json"],
            ["sim", "validate", scene, "--json"],
            ["sim", "run", scene, "--seconds", "0.2", "--json"],
            ["cad", "inspect", part, "--material", "pla", "--json"],
            ["bench", "evaluate", Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json"), Path.Combine(Root, "examples", "solutions", "ramp-to-goal"), "--samples", "1", "--json"],
            ["sandbox", "exec", "--workspace", workspace, "--snapshot", "--json", "--", "true"],
            ["workspace", "snapshots", workspace, "--json"],
            ["workspace", "rollback", workspace, "--step", "1", "--json"],
        ];
        foreach (var command in commands)
        {
            var result = await cli.RunAsync(command);
            var name = string.Join(' ', command.Take(2));
            result.ExitCode.ShouldBe(0, $"{name}: {result.Stderr}");
            var json = JsonNode.Parse(result.Stdout).ShouldNotBeNull(name);
            CamelCaseKeys(json).ShouldBeEmpty($"{name} prints camelCase keys");
            KeyCount(json).ShouldBeGreaterThan(1, $"{name} printed almost nothing: {result.Stdout}");
        }
    }

    [Fact]
    public async Task BenchGenerateCheckAndSolve_WithJson_PrintSnakeCaseObjects()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "generated");

        var generate = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "3", "--out", output, "--family", "push", "--workers", "1", "--json");

        generate.ExitCode.ShouldBe(0, generate.Stderr);
        var index = JsonNode.Parse(generate.Stdout)!;
        CamelCaseKeys(index).ShouldBeEmpty();
        var kept = index["candidates"]!.AsArray().First(c => (bool)c!["kept"]!)!;
        var folder = Path.Combine(output, (string)kept["id"]!);
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "benchmark.json")))!["limits"]!["max_unit_cost"].ShouldNotBeNull();

        var check = await cli.RunAsync("bench", "check", folder, "--json");
        check.ExitCode.ShouldBe(0, check.Stdout + check.Stderr);
        var report = JsonNode.Parse(check.Stdout)!;
        CamelCaseKeys(report).ShouldBeEmpty();
        ((bool)report["non_trivial"]!["passed"]!).ShouldBeTrue();

        var solve = await cli.RunAsync("bench", "solve", Path.Combine(folder, "benchmark.json"), "--out", Path.Combine(cli.Scratch, "mine"), "--seed", ((long)kept["seed"]!).ToString(CultureInfo.InvariantCulture), "--json");
        var solved = JsonNode.Parse(solve.Stdout)!;
        CamelCaseKeys(solved).ShouldBeEmpty();
        ((bool)solved["solved"]!).ShouldBe(solve.ExitCode == 0);
        solved["candidates_screened"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task OutDash_WritesToStandardOutput_ForRunsExportAndBenchScene()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:9/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "work");
        (await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify(), "--replay-cassette", Path.Combine(Root, "examples", "agent-task", "cassette.jsonl"))).ExitCode.ShouldBe(0);

        var export = await cli.RunAsync("runs", "export", "--all", "--out", "-");

        export.ExitCode.ShouldBe(0, export.Stderr);
        var lines = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBeGreaterThan(5);
        foreach (var line in lines)
        {
            CamelCaseKeys(JsonNode.Parse(line)!).ShouldBeEmpty(line);
        }

        export.Stderr.ShouldContain("to standard output");
        File.Exists(Path.Combine(cli.Scratch, "-")).ShouldBeFalse();

        var scene = await cli.RunAsync("bench", "scene", Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json"), "--out", "-");
        scene.ExitCode.ShouldBe(0, scene.Stderr);
        var file = Path.Combine(cli.Scratch, "from-stdout.xml");
        await File.WriteAllTextAsync(file, scene.Stdout);
        (await cli.RunAsync("sim", "validate", file)).ExitCode.ShouldBe(0);
    }

    /// <summary>Every key that has a lower-case letter followed by an upper-case one, with its JSON path.</summary>
    internal static List<string> CamelCaseKeys(JsonNode node, string path = "$")
    {
        var found = new List<string>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (CamelCase().IsMatch(key))
                    {
                        found.Add($"{path}.{key}");
                    }

                    if (value is not null)
                    {
                        found.AddRange(CamelCaseKeys(value, $"{path}.{key}"));
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        found.AddRange(CamelCaseKeys(item, $"{path}[{i}]"));
                    }
                }

                break;
        }

        return found;
    }

    [Theory]
    [InlineData("bench", "evaluate", "missing-benchmark.json", "solution", "--json")]
    [InlineData("bench", "generate", "--count", "0", "--seed", "1", "--out", "generated", "--json")]
    [InlineData("sim", "validate", "missing-model.xml", "--json")]
    [InlineData("cad", "inspect", "missing-part.scad", "--json")]
    [InlineData("eval", "show", "no-such-evaluation", "--json")]
    [InlineData("runs", "show", "no-such-run", "--json")]
    [InlineData("bench", "generate", "--count", "1", "--out", "generated", "--json")]
    [InlineData("bench", "check", "--json")]
    public async Task Errors_WithJson_AreAnErrorObjectOnStandardOutputWithTheSameMessageAndExitCode(params string[] arguments)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync(arguments);

        result.ExitCode.ShouldBe(2, result.Stderr);
        var error = JsonNode.Parse(result.Stdout)!["error"]!;
        var message = error["message"]!.GetValue<string>();
        result.Stderr.ShouldContain("error: " + message);
        error["exit_code"]!.GetValue<int>().ShouldBe(result.ExitCode);
        error["hint"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        KeyCount(error).ShouldBe(3);
    }

    [Fact]
    public async Task BenchError_WithoutJson_LeavesStandardOutputEmpty()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("bench", "evaluate", "missing-benchmark.json", "solution");

        result.ExitCode.ShouldBe(2);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldContain("error: benchmark file not found");
    }

    private static int KeyCount(JsonNode node) => node switch
    {
        JsonObject obj => obj.Count + obj.Sum(p => p.Value is null ? 0 : KeyCount(p.Value)),
        JsonArray array => array.Sum(i => i is null ? 0 : KeyCount(i)),
        _ => 0,
    };

    [GeneratedRegex("[a-z0-9][A-Z]")]
    private static partial Regex CamelCase();
}
