using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation;
using Leviathan.Simulation.Validation;
using Leviathan.Testing;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Tests.Scenes;

public sealed class SceneBuilderTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-scene");

    [Fact]
    public async Task Environment_WithABinaryMeshFixture_LoadsInMuJoCo()
    {
        // A 0.2 x 0.2 x 0.05 m block as a binary STL in metres, used as a fixture.
        File.WriteAllBytes(_temp.Combine("block.stl"), MeshBuilder.BinaryStl(MeshBuilder.BoxCorners(new Vec3(-0.1, -0.1, 0), new Vec3(0.2, 0.2, 0.05))));
        var benchmark = BenchmarkLoader.Parse(WithMeshFixture("block.stl"), "mesh", _temp.Path);

        var xml = SceneBuilder.Environment(benchmark, _temp.Path).ToString();
        var report = await simulation.Client.ValidateAsync(ModelSource.FromXml(xml, _temp.Path), new ValidationOptions { Frames = 50 });

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        xml.ShouldContain("fixture-step");
    }

    [Fact]
    public void Parse_AsciiMeshFixture_IsRejectedBecauseMuJoCoReadsBinaryOnly()
    {
        File.WriteAllText(_temp.Combine("ascii.stl"), "solid x\nendsolid x\n");

        var ex = Should.Throw<Json.SpecException>(() => BenchmarkLoader.Parse(WithMeshFixture("ascii.stl"), "mesh", _temp.Path));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("$.fixtures[2].shape.mesh");
        error.Message.ShouldContain("binary STL only");
    }

    [Fact]
    public async Task Build_PartsOfTwoMaterials_AreColouredByMaterial()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(20);")).Part!;
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("flip-into-bin"));
        ScenePart[] parts =
        [
            new("wood", cube, MaterialTable.Get("hardwood"), new Pose(new Vec3(0.0, 0.1, 0.05), Rotation.Identity), "world"),
            new("metal", cube, MaterialTable.Get("steel"), new Pose(new Vec3(0.0, -0.1, 0.05), Rotation.Identity), "world"),
        ];

        var document = SceneBuilder.Build(benchmark, TestPaths.Examples, parts, new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose());

        var colours = document.Descendants("geom").Where(g => ((string?)g.Attribute("name"))?.StartsWith("part-", StringComparison.Ordinal) == true)
            .ToDictionary(g => (string)g.Attribute("name")!, g => (string)g.Attribute("rgba")!);
        colours["part-wood"].ShouldBe("0.56 0.36 0.17 1");
        colours["part-metal"].ShouldBe("0.33 0.36 0.4 1");
    }

    [Fact]
    public async Task Build_PartWithItsOwnFriction_GivesItsGeomThatFrictionAndOthersTheDefault()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(20);")).Part!;
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("flip-into-bin"));
        ScenePart[] parts =
        [
            new("grippy", cube, MaterialTable.Get("abs"), new Pose(new Vec3(0.0, 0.1, 0.05), Rotation.Identity), "world", 1.4),
            new("plain", cube, MaterialTable.Get("abs"), new Pose(new Vec3(0.0, -0.1, 0.05), Rotation.Identity), "world"),
        ];

        var document = SceneBuilder.Build(benchmark, TestPaths.Examples, parts, new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose());

        var friction = document.Descendants("geom").Where(g => ((string?)g.Attribute("name"))?.StartsWith("part-", StringComparison.Ordinal) == true)
            .ToDictionary(g => (string)g.Attribute("name")!, g => Number(g, "friction"));
        friction["part-grippy"].ShouldBe(1.4);
        friction["part-plain"].ShouldBe(Solutions.PartSpec.DefaultFriction);
        var report = await simulation.Client.ValidateAsync(ModelSource.FromXml(document.ToString(), TestPaths.Examples), new ValidationOptions { Frames = 10 });
        report.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-0.2)]
    [InlineData(7.0)]
    public void Load_PartFrictionOutOfRange_NamesThePartsFieldAndTheRange(double friction)
    {
        var folder = _temp.Combine("friction-" + friction.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(TestPaths.Solution("ramp-to-goal")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var solution = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "solution.json")))!;
        solution["parts"]![0]!["friction"] = friction;
        File.WriteAllText(Path.Combine(folder, "solution.json"), solution.ToJsonString());
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));

        var ex = Should.Throw<Json.SpecException>(() => Solutions.SolutionLoader.Load(folder, benchmark));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("$.parts[0].friction");
        error.Message.ShouldContain("friction must be from 0 to 5");
    }

    [Fact]
    public async Task Build_FreePartAndMotorMountedPart_CarryTheirComputedInertialsAndLoad()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(20);")).Part!;
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("flip-into-bin"));
        var pla = MaterialTable.Get("pla");
        ScenePart[] parts =
        [
            new("loose", cube, pla, new Pose(new Vec3(0.0, 0.1, 0.05), Rotation.Identity), "free"),
            new("arm", cube, pla, new Pose(new Vec3(-0.06, 0.05, 0.05), Rotation.Identity), "flipper"),
        ];

        var document = SceneBuilder.Build(benchmark, TestPaths.Examples, parts, new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose());

        var bodies = document.Descendants("body").ToDictionary(b => (string)b.Attribute("name")!);
        bodies["part-loose"].Element("freejoint").ShouldNotBeNull();
        bodies["part-arm"].Parent!.Attribute("name")!.Value.ShouldBe("motor-flipper");
        // Mounted parts sit relative to the motor's anchor (0, 0, 0.1).
        Numbers(bodies["part-arm"], "pos").ShouldBe([-0.06, 0.05, -0.05], tolerance: 1e-12);
        var inertial = bodies["part-loose"].Element("inertial")!;
        Number(inertial, "mass").ShouldBe(8 * 1.24e-3, 1e-9);
        Numbers(inertial, "pos").ShouldBe([0.01, 0.01, 0.01], tolerance: 1e-12);
        // 20 mm PLA cube about its centre: m a² / 6.
        Number(inertial, "fullinertia").ShouldBe(8 * 1.24e-3 * 0.02 * 0.02 / 6, 1e-12);
        var report = await simulation.Client.ValidateAsync(ModelSource.FromXml(document.ToString(), _temp.Path), new ValidationOptions { Frames = 50, PenetrationToleranceMm = 50 });
        report.Compiled.ShouldBeTrue(string.Join("; ", report.Errors));
    }

    public void Dispose() => _temp.Dispose();

    private static string WithMeshFixture(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(TestPaths.Benchmark("ramp-to-goal")))!;
        root["fixtures"]!.AsArray().Add(JsonNode.Parse($$"""{ "name": "step", "shape": { "type": "mesh", "mesh": "{{file}}" }, "pose": { "position": [0.4, 0, 0] } }"""));
        return root.ToJsonString();
    }

    private static double Number(XElement element, string attribute) => Numbers(element, attribute)[0];

    private static double[] Numbers(XElement element, string attribute) =>
        element.Attribute(attribute)!.Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
