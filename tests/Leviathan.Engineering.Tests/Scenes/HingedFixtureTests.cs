using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;
using Leviathan.Testing;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Tests.Scenes;

public sealed class HingedFixtureTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-hinge");

    [Fact]
    public async Task Simulate_BallDroppedOnAPlank_StaysOnAStaticPlankButTipsAHingedOneAndRollsOff()
    {
        var onStatic = await HeightsAsync(Seesaw(hinged: false));
        var onHinged = await HeightsAsync(Seesaw(hinged: true));

        // The plank's top is at 0.155 m: a 20 mm ball resting on it has its centre at 0.175 m.
        onStatic[^1].ShouldBe(0.175, 0.003);
        onStatic.Min().ShouldBeGreaterThan(0.15, "the ball never gets past the static plank");
        // The hinged plank turns to its 30° limit under the ball, which rolls down it and along the floor.
        onHinged.ShouldContain(z => Math.Abs(z - 0.02) < 0.002, "the ball rolls on the floor at some time");
    }

    [Fact]
    public async Task Validate_HingedFixtureAtRest_LoadsStableWithTheFixtureOnAHingeJoint()
    {
        var benchmark = Seesaw(hinged: true);

        var xml = SceneBuilder.Environment(benchmark, _temp.Path).ToString();
        var report = await simulation.Client.ValidateAsync(ModelSource.FromXml(xml, _temp.Path), new ValidationOptions { Frames = 200 });

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        xml.ShouldContain("<body name=\"fixture-plank\"");
        xml.ShouldContain("type=\"hinge\"");
    }

    [Fact]
    public void Validate_HingeRules_NameThePathAndTheFix()
    {
        var hinged = Seesaw(hinged: true);
        var noMaterial = hinged with { Fixtures = [hinged.Fixtures[0], hinged.Fixtures[1] with { Material = null }] };
        var staticWithMaterial = hinged with { Fixtures = [hinged.Fixtures[0], hinged.Fixtures[1] with { Hinge = null }] };
        var badRange = hinged with { Fixtures = [hinged.Fixtures[0], hinged.Fixtures[1] with { Hinge = hinged.Fixtures[1].Hinge! with { Range = [10, 40] } }] };

        BenchmarkValidator.Validate(hinged, _temp.Path).ShouldBeEmpty();
        BenchmarkValidator.Validate(noMaterial, _temp.Path).ShouldHaveSingleItem().ToString().ShouldBe("$.fixtures[1].material: a hinged fixture needs 'material' (its mass follows from its volume)");
        BenchmarkValidator.Validate(staticWithMaterial, _temp.Path).ShouldHaveSingleItem().Path.ShouldBe("$.fixtures[1].material");
        BenchmarkValidator.Validate(badRange, _temp.Path).ShouldHaveSingleItem().Message.ShouldContain("lower <= 0 <= upper");
    }

    public void Dispose() => _temp.Dispose();

    private async Task<IReadOnlyList<double>> HeightsAsync(BenchmarkSpec benchmark)
    {
        var xml = SceneBuilder.Environment(benchmark, _temp.Path).ToString();
        var result = await simulation.Client.SimulateAsync(new SimulationRequest { Model = ModelSource.FromXml(xml, _temp.Path), Seconds = 2, Bodies = ["ball"] }, CancellationToken.None);
        result.Error.ShouldBeNull();
        return result.Trajectories["ball"].Select(p => p.Z).ToList();
    }

    /// <summary>A 0.4 m plank 0.15 m above the floor, static or on a hinge at its middle (±30°), and a steel ball dropped over one end.</summary>
    private static BenchmarkSpec Seesaw(bool hinged) => new()
    {
        Version = BenchmarkSpec.CurrentVersion,
        Id = "seesaw",
        Family = "hand-written",
        Seed = 1,
        Fixtures =
        [
            new FixtureSpec { Name = "floor", Shape = Box(1.4, 0.7, 0.02), Pose = At(0, 0, -0.01) },
            new FixtureSpec
            {
                Name = "plank",
                Shape = Box(0.4, 0.1, 0.01),
                Pose = At(0, 0, 0.15),
                Material = hinged ? "pla" : null,
                Hinge = hinged ? new HingeSpec { Anchor = [0, 0, 0.15], Axis = [0, 1, 0], Range = [-30, 30] } : null,
            },
        ],
        Payload = new PayloadSpec { Name = "ball", Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = 0.02 }, Material = "steel", Pose = At(0.15, 0, 0.3) },
        Zones = new ZonesSpec { Build = Zone(null, -0.3, -0.1, 0, -0.2, 0.1, 0.1), Goal = Zone(null, 0.5, -0.1, 0, 0.6, 0.1, 0.1) },
        Limits = new LimitsSpec { MaxUnitCost = 100, MaxWeight = 1, Processes = [ManufacturingProcess.Print3d], Materials = ["pla"] },
        Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = 2 },
    };
}
