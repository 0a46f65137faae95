using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Tests.Benchmarks;

public sealed class BenchmarkSpecTests
{
    public static TheoryData<string> Examples => new() { "ramp-to-goal", "flip-into-bin" };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Load_ShippedExample_IsValid(string name)
    {
        var spec = BenchmarkLoader.Load(TestPaths.Benchmark(name));

        spec.Id.ShouldBe(name);
        spec.Version.ShouldBe(1);
        spec.Fixtures.ShouldNotBeEmpty();
    }

    [Fact]
    public void Load_RampExample_ReadsDefaultsAndEnums()
    {
        var spec = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));

        spec.Objective.Kind.ShouldBe(ObjectiveKind.AnyTime);
        spec.Limits.Processes.ShouldContain(Leviathan.Engineering.Manufacturing.ManufacturingProcess.CncMilling);
        spec.Fixtures[1].Friction.ShouldBe(0.8);
        spec.Fixtures[1].Pose.Rotation.ShouldBe([0.0, 0.0, 0.0]);
        spec.Zones.Forbid.ShouldHaveSingleItem().Name.ShouldBe("pit");
    }

    [Fact]
    public void Parse_UnknownProperty_NamesItsPath()
    {
        var json = Mutate(root => root["payload"]!["colour"] = "red");

        var ex = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(json));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("$.payload.colour");
        error.Message.ShouldStartWith("unknown field `colour` in payload; known fields: name, shape, material, mass, pose, jitter, friction");
        error.Message.ShouldNotContain(".NET");
    }

    [Fact]
    public void Parse_TruncatedDocument_SaysTheJsonEndsEarlyWithTheLine()
    {
        var json = File.ReadAllText(TestPaths.Benchmark("ramp-to-goal"));
        var cut = json[..(json.LastIndexOf('}') - 1)];

        var ex = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(cut));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.Message.ShouldStartWith("the JSON ends early: an object or array is not closed (line ");
    }

    [Fact]
    public void Parse_MissingRequiredProperty_NamesIt()
    {
        var json = Mutate(root => root.AsObject().Remove("objective"));

        var ex = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(json));

        ex.Errors.ShouldHaveSingleItem().Message.ShouldContain("objective");
    }

    [Fact]
    public void Parse_EnumAsNumberOrUnknownName_IsRejectedWithThePath()
    {
        var number = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Mutate(root => root["objective"]!["kind"] = 0)));
        var unknown = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(Mutate(root => root["objective"]!["kind"] = "sometime")));

        number.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.objective.kind");
        unknown.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.objective.kind");
    }

    [Fact]
    public void Parse_RuleViolations_AreAllReportedWithTheirPaths()
    {
        var json = Mutate(root =>
        {
            root["version"] = 2;
            root["zones"]!["goal"]!["min"] = new JsonArray(1, 0, 0);
            root["payload"]!["mass"] = 1.0;
            root["limits"]!["materials"] = new JsonArray("unobtainium");
            root["fixtures"]![0]!["shape"]!["radius"] = 0.5;
            root["payload"]!["pose"]!["position"] = new JsonArray(0, 0);
        });

        var ex = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(json));

        var paths = ex.Errors.Select(e => e.Path).ToList();
        paths.ShouldContain("$.version");
        paths.ShouldContain("$.zones.goal");
        paths.ShouldContain("$.payload");
        paths.ShouldContain("$.limits.materials[0]");
        paths.ShouldContain("$.fixtures[0].shape.radius");
        paths.ShouldContain("$.payload.pose.position");
        ex.Errors.Single(e => e.Path == "$.limits.materials[0]").Message.ShouldContain("known: pla, abs");
    }

    [Fact]
    public void Parse_MotorWithSolutionPlacementAndAnAnchor_IsRejected()
    {
        var json = Mutate(root => root["motors"] = JsonNode.Parse("""[{ "name": "m", "type": "slider", "placement": "solution", "anchor": [0,0,0], "axis": [1,0,0], "range": [0, 0.1], "limit": 5 }]"""));

        var ex = Should.Throw<SpecException>(() => BenchmarkLoader.Parse(json));

        ex.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.motors[0].anchor");
    }

    private static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestPaths.Benchmark("ramp-to-goal")))!;
        change(root);
        return root.ToJsonString();
    }
}
