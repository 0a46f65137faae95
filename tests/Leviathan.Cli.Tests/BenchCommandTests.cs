using System.Text.Json;
using System.Xml.Linq;

namespace Leviathan.Cli.Tests;

public sealed class BenchCommandTests
{
    private static readonly string Root = Leviathan.Testing.RepositoryRoot.Path;

    private static string RampBenchmark => Path.Combine(Root, "examples", "benchmarks", "ramp-to-goal.json");

    private static string RampSolution => Path.Combine(Root, "examples", "solutions", "ramp-to-goal");

    [Fact]
    public async Task Scene_WritesTheEnvironmentAsMjcf()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "scene.xml");

        var r = await cli.RunAsync("bench", "scene", Path.Combine(Root, "examples", "benchmarks", "flip-into-bin.json"), "--out", output);

        r.ExitCode.ShouldBe(0, r.Stderr);
        var xml = XDocument.Load(output);
        xml.Descendants("geom").Select(g => (string?)g.Attribute("name")).ShouldContain("fixture-bin-back");
        xml.Descendants("position").ShouldHaveSingleItem().Attribute("forcerange")!.Value.ShouldBe("-4 4");
        xml.Descendants("site").Select(s => (string?)s.Attribute("name")).ShouldContain("zone-goal");
        var validate = await cli.RunAsync("sim", "validate", output);
        validate.ExitCode.ShouldBe(0, validate.Stdout + validate.Stderr);
    }

    [Fact]
    public async Task Evaluate_ShippedSolution_Succeeds()
    {
        using var cli = new CliHarness();

        var scene = Path.Combine(cli.Scratch, "assembled.xml");

        var r = await cli.RunAsync("bench", "evaluate", RampBenchmark, RampSolution, "--scene", scene);

        r.ExitCode.ShouldBe(0, r.Stdout + r.Stderr);
        var inertial = XDocument.Load(scene).Descendants("body").Single(b => (string?)b.Attribute("name") == "part-plank").Element("inertial")!;
        double.Parse(inertial.Attribute("mass")!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0.312 * 0.705, 1e-3);
        r.Stdout.ShouldStartWith("SUCCESS: the solution solves 'ramp-to-goal'");
        r.Stdout.ShouldContain("rail-left+rail-right");
        // By default: 8 jitter samples, the nominal start and the 4 corners of the x-y jitter square.
        r.Stdout.ShouldContain("goal reached in 13 of 13 starts; robustness 13/13 passed");
    }

    [Fact]
    public async Task Evaluate_ShippedMotorSolution_SucceedsAndPrintsTheMeasuredMotorPeak()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "evaluate", Path.Combine(Root, "examples", "benchmarks", "flip-into-bin.json"), Path.Combine(Root, "examples", "solutions", "flip-into-bin"), "--samples", "2");

        r.ExitCode.ShouldBe(0, r.Stdout + r.Stderr);
        r.Stdout.ShouldStartWith("SUCCESS: the solution solves 'flip-into-bin'");
        r.Stdout.ShouldContain("goal reached in 11 of 11 starts"); // 2 samples, nominal, 8 corners (x, y, z-turn)
        r.Stdout.ShouldMatch(@"motor flipper: peak [0-3](\.\d+)? N·m measured \(limit 4 N·m\)");
    }

    [Fact]
    public async Task Evaluate_OverBudget_Exits1WithTheReasonInJson()
    {
        using var cli = new CliHarness();
        var benchmark = Path.Combine(cli.Scratch, "cheap.json");
        File.WriteAllText(benchmark, File.ReadAllText(RampBenchmark).Replace("\"max_unit_cost\": 80", "\"max_unit_cost\": 20", StringComparison.Ordinal));

        var r = await cli.RunAsync("bench", "evaluate", benchmark, RampSolution, "--samples", "1", "--json");

        r.ExitCode.ShouldBe(1, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        json.RootElement.GetProperty("success").GetBoolean().ShouldBeFalse();
        var reason = json.RootElement.GetProperty("reasons").EnumerateArray().ShouldHaveSingleItem();
        reason.GetProperty("code").GetString().ShouldBe("over_cost");
        reason.GetProperty("limit").GetDouble().ShouldBe(20);
        json.RootElement.GetProperty("cost").GetProperty("groups").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Evaluate_InvalidBenchmark_Exits2NamingTheJsonPath()
    {
        using var cli = new CliHarness();
        var benchmark = Path.Combine(cli.Scratch, "bad.json");
        File.WriteAllText(benchmark, File.ReadAllText(RampBenchmark).Replace("\"kind\": \"any_time\"", "\"kind\": \"whenever\"", StringComparison.Ordinal));

        var r = await cli.RunAsync("bench", "evaluate", benchmark, RampSolution);

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("$.objective.kind");
    }

    [Fact]
    public async Task Evaluate_SolutionNamingAMissingFile_Exits2()
    {
        using var cli = new CliHarness();
        var folder = Path.Combine(cli.Scratch, "solution");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "solution.json"), """{ "version": 1, "parts": [{ "name": "p", "file": "nope.scad", "material": "pla", "process": "print3d", "position": [0, 0, 0] }] }""");

        var r = await cli.RunAsync("bench", "evaluate", RampBenchmark, folder);

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("$.parts[0].file: file not found");
    }
}
