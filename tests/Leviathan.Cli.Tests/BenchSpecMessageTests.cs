namespace Leviathan.Cli.Tests;

/// <summary>A malformed benchmark or solution file is named with the field and what to write, in the spec's words, not .NET's.</summary>
public sealed class BenchSpecMessageTests
{
    private const string Part = """{"name":"a","file":"a.scad","material":"pla","process":"print3d","position":[0,0,0],"rotation":[0,0,0],"mount":"world"}""";

    private static string ShippedBenchmark => Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "suites", "physics-small", "gap-0801cf70", "benchmark.json");

    [Theory]
    [InlineData("", "$: the file is empty; it must hold one JSON object")]
    [InlineData("""{"version":1,"parts":[{"name":"a",""", "$.parts[0]: the JSON ends early: an object or array is not closed (line 1)")]
    [InlineData("""{"version":1,"parts":[{"name":"a",}]}""", "$.parts[0]: a comma before a closing } or ]: JSON allows no trailing comma; remove it")]
    [InlineData("{'version':1}", "$: JSON strings and field names are written in double quotes")]
    [InlineData("{\"version\":1, // the first\n\"parts\":[]}", "$: JSON allows no comments (// or /* */); remove them (line 1)")]
    [InlineData("""{"version":1,"parts":[]} and more""", "$: text after the end of the JSON object")]
    [InlineData("""{"version":"one","parts":[]}""", "$.version: wrong type of value: expected a whole number")]
    [InlineData("""{"version":1,"parts":[{"name":"a","position":[0,0,"x"]}]}""", "$.parts[0].position[2]: wrong type of value: expected a number")]
    [InlineData("""{"version":1,"parts":[{"name":"a","file":"a.scad","material":"pla","process":"laser"}]}""", "$.parts[0].process: not a known value; use one of print3d, cnc_milling, injection_moulding (as a string)")]
    [InlineData("""{"version":1,"parts":[{"name":"a","file":"a.scad","material":"pla","process":"print3d","position":[0,0,0],"rotation":[0,0,0],"mount":"world","friction":"high"}]}""", "$.parts[0].friction: wrong type of value: expected a number")]
    [InlineData("""{"version":1,"parts":[{"name":"a","friction":0.5}]}""", "$.parts[0]: missing required field(s) `file`, `material`, `process`, `position`")]
    [InlineData("""{"version":1,"parts":{"name":"a"}}""", "$.parts: wrong type of value: expected an array")]
    public async Task Evaluate_MalformedSolution_SaysWhatIsWrongInTheSpecsWords(string json, string expected)
    {
        using var cli = new CliHarness();
        var solution = Path.Combine(cli.Scratch, "solution");
        Directory.CreateDirectory(solution);
        await File.WriteAllTextAsync(Path.Combine(solution, "solution.json"), json);

        var r = await cli.RunAsync("bench", "evaluate", ShippedBenchmark, solution);

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain(expected);
        r.Stderr.ShouldNotContain("System.");
        r.Stderr.ShouldNotContain("could not be converted");
        r.Stderr.ShouldNotContain("reader options");
    }

    [Fact]
    public async Task Evaluate_BenchmarkWithAnUnknownObjectKind_NamesTheKinds()
    {
        using var cli = new CliHarness();
        var benchmark = Path.Combine(cli.Scratch, "benchmark.json");
        await File.WriteAllTextAsync(benchmark, (await File.ReadAllTextAsync(ShippedBenchmark)).Replace("\"kind\": \"settle\"", "\"kind\": \"whenever\"", StringComparison.Ordinal));
        var solution = Path.Combine(cli.Scratch, "solution");
        Directory.CreateDirectory(solution);
        await File.WriteAllTextAsync(Path.Combine(solution, "solution.json"), $$"""{"version":1,"parts":[{{Part}}]}""");

        var r = await cli.RunAsync("bench", "evaluate", benchmark, solution, "--json");

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        var error = System.Text.Json.Nodes.JsonNode.Parse(r.Stdout)!["error"]!;
        ((string)error["message"]!).ShouldContain("$.objective.kind: not a known value; use one of at_end, any_time, settle (as a string)");
    }
}
