using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;
using Leviathan.Testing;
using static Leviathan.Engineering.Generation.FamilyDraws;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Tests.Scenes;

/// <summary>Solution parts on a passive hinge: a pivot fixed to the world that no motor drives.</summary>
public sealed class HingedPartTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-hinged-part");

    [Fact]
    public async Task Simulate_PlankPartHingedAtOneEnd_SwingsDownToItsLimitAndTheBallRollsOffWhereAFixedOneHoldsIt()
    {
        var (onFixed, fixedPose) = await DropAsync(hinged: false);
        var (onHinged, hingedPose) = await DropAsync(hinged: true);

        // The plank's top is at 0.155 m: a 20 mm ball resting on it has its centre at 0.175 m.
        onFixed[^1].ShouldBe(0.175, 0.003);
        Tilt(fixedPose).ShouldBe(0, 0.01);
        // Hinged at its -X end, the plank swings down about world Y to its 20° limit (the part is turned 90° about Z in
        // its file and placement, so the anchor and axis must be taken into the part's own frame) and the ball rolls off.
        Tilt(hingedPose).ShouldBe(20, 1);
        var centre = new Vec3(-0.2 + (0.2 * Math.Cos(20 * Math.PI / 180)), 0, 0.15 - (0.2 * Math.Sin(20 * Math.PI / 180)));
        (new Vec3(hingedPose.Position.X, hingedPose.Position.Y, hingedPose.Position.Z) - centre).Length.ShouldBeLessThan(0.003);
        onHinged[^1].ShouldBeLessThan(0.1, "the ball rolls off the tipped plank");
    }

    [Fact]
    public async Task Validate_SceneWithAHingedPart_LoadsStableWithAHingeJointOnThePart()
    {
        var (benchmark, solution) = await SeesawAsync(hinged: true);
        var xml = await SceneXmlAsync(benchmark, solution);

        var report = await simulation.Client.ValidateAsync(ModelSource.FromXml(xml, _temp.Path), new ValidationOptions { Frames = 200 });

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        xml.ShouldContain("<joint name=\"joint-part-plank\" type=\"hinge\"");
    }

    [Fact]
    public async Task Load_BadHinges_NameThePathAndTheFix()
    {
        var (benchmark, _) = await SeesawAsync(hinged: true);
        var good = Hinge();

        string Single(PartSpec part)
        {
            File.WriteAllText(Path.Combine(_temp.Path, SolutionLoader.FileName), JsonSerializer.Serialize(new SolutionSpec { Version = 1, Parts = [part] }, EngineeringJsonContext.Default.SolutionSpec));
            var error = Should.Throw<SpecException>(() => SolutionLoader.Load(_temp.Path, benchmark));
            return error.Errors.ShouldHaveSingleItem().ToString();
        }

        var plank = Plank(good);
        Single(plank with { Mount = "tilter" }).ShouldBe("$.parts[0].hinge: a hinged part turns about a pivot fixed to the world, so its mount must be 'world', not 'tilter'; remove 'hinge' to mount it on 'tilter'");
        Single(plank with { Hinge = good with { Anchor = [0, 0, 0.5] } }).ShouldBe("$.parts[0].hinge.anchor: the hinge anchor (0, 0, 0.5) m lies outside the build zone ((-0.25, -0.1, 0.1) to (0.25, 0.1, 0.2) m); a part's pivot must be inside it");
        Single(plank with { Hinge = good with { Axis = [0, 0, 0] } }).ShouldBe("$.parts[0].hinge.axis: the axis must not be zero; give the direction the part turns about, e.g. [0, 1, 0]");
        Single(plank with { Hinge = good with { Range = [10, 40] } }).ShouldBe("$.parts[0].hinge.range: range must be [lower, upper] degrees with lower <= 0 <= upper and lower < upper (0 is the part's pose as placed)");
        Single(plank with { Hinge = good with { Range = [-400, 30] } }).ShouldBe("$.parts[0].hinge.range: range limits must lie within -360 to 360 degrees");
        Single(plank with { Hinge = good with { Damping = -1 } }).ShouldBe("$.parts[0].hinge.damping: damping must be zero or more, found -1");

        File.WriteAllText(Path.Combine(_temp.Path, SolutionLoader.FileName), JsonSerializer.Serialize(new SolutionSpec { Version = 1, Parts = [plank] }, EngineeringJsonContext.Default.SolutionSpec));
        var loaded = SolutionLoader.Load(_temp.Path, benchmark).Parts.ShouldHaveSingleItem().Hinge.ShouldNotBeNull();
        loaded.Anchor.ShouldBe(good.Anchor);
        loaded.Axis.ShouldBe(good.Axis);
        loaded.Range.ShouldBe(good.Range);
        loaded.Damping.ShouldBe(HingeSpec.DefaultDamping);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<(IReadOnlyList<double> Heights, BodyPose Plank)> DropAsync(bool hinged)
    {
        var (benchmark, solution) = await SeesawAsync(hinged);
        var xml = await SceneXmlAsync(benchmark, solution);
        var result = await simulation.Client.SimulateAsync(new SimulationRequest { Model = ModelSource.FromXml(xml, _temp.Path), Seconds = 2, Bodies = ["ball", "part-plank"] }, CancellationToken.None);
        result.Error.ShouldBeNull();
        return (result.Trajectories["ball"].Select(p => p.Z).ToList(), result.FinalPoses["part-plank"]);
    }

    /// <summary>How far (degrees) the plank's long edge, along world X at rest, has turned out of the horizontal.</summary>
    private static double Tilt(BodyPose pose)
    {
        var turn = new Rotation(pose.Orientation.W, pose.Orientation.X, pose.Orientation.Y, pose.Orientation.Z);
        var edge = turn.Apply(new Vec3(0, 1, 0)); // the file's long edge is its Y; placed turned 90° about Z it lies along world X
        return Math.Abs(Math.Asin(Math.Clamp(edge.Z, -1, 1)) * 180 / Math.PI);
    }

    private async Task<string> SceneXmlAsync(BenchmarkSpec benchmark, SolutionSpec solution)
    {
        var spec = solution.Parts.Single();
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, spec.File, File.ReadAllText(Path.Combine(_temp.Path, spec.File)));
        var part = analysis.Part.ShouldNotBeNull(analysis.Render.Describe());
        var scenePart = new ScenePart(spec.Name, part, MaterialTable.Get(spec.Material), new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation))), spec.Mount, spec.Friction, spec.Hinge);
        return SceneBuilder.Build(benchmark, _temp.Path, [scenePart], new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose()).ToString();
    }

    /// <summary>
    /// A 0.4 m plank part 0.15 m above the floor (a 100 x 400 x 10 mm file turned 90° about Z), fixed or on a hinge at its
    /// -X end about world Y (0–20°), and a steel ball dropped from 25 mm over one end; written as a solution folder and loaded back.
    /// </summary>
    private async Task<(BenchmarkSpec Benchmark, SolutionSpec Solution)> SeesawAsync(bool hinged)
    {
        var benchmark = new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = "part-seesaw",
            Family = "hand-written",
            Seed = 1,
            Fixtures = [new FixtureSpec { Name = "floor", Shape = Box(1.4, 0.7, 0.02), Pose = At(0, 0, -0.01) }],
            Motors = [new MotorSpec { Name = "tilter", Type = MotorKind.Hinge, Anchor = [0, 0, 0.15], Axis = [0, 1, 0], Range = [-30, 30], Limit = 1 }],
            Payload = new PayloadSpec { Name = "ball", Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = 0.02 }, Material = "steel", Pose = At(0.15, 0, 0.2) },
            Zones = new ZonesSpec { Build = Zone(null, -0.25, -0.1, 0.1, 0.25, 0.1, 0.2), Goal = Zone(null, 0.5, -0.1, 0, 0.6, 0.1, 0.1) },
            Limits = new LimitsSpec { MaxUnitCost = 100, MaxWeight = 1, Processes = [ManufacturingProcess.Print3d], Materials = ["pla"] },
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = 2 },
        };
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "plank.scad"), "cube([100, 400, 10], center = true);\n");
        var solution = new SolutionSpec { Version = 1, Parts = [Plank(hinged ? Hinge() : null)] };
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, SolutionLoader.FileName), JsonSerializer.Serialize(solution, EngineeringJsonContext.Default.SolutionSpec));
        return (benchmark, SolutionLoader.Load(_temp.Path, benchmark));
    }

    private static HingeSpec Hinge() => new() { Anchor = [-0.2, 0, 0.15], Axis = [0, 1, 0], Range = [0, 20] };

    private static PartSpec Plank(HingeSpec? hinge) => new()
    {
        Name = "plank",
        File = "plank.scad",
        Material = "pla",
        Process = ManufacturingProcess.Print3d,
        Position = [0, 0, 0.15],
        Rotation = [0, 0, 90],
        Hinge = hinge,
    };
}
