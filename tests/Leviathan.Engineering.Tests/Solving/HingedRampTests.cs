using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Testing;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>The baseline solver's flaps: ramps laid level on a passive hinge that swing down to their slope.</summary>
public sealed class HingedRampTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-hinged-ramp");

    [Fact]
    public async Task Solve_DropWithHingedRamps_FindsASolutionWhoseFlapSwingsDownToItsStopInSimulation()
    {
        var benchmark = new DropFamily().Create("drop-flap", 1849870603, new Random(1849870603));
        var output = _temp.Combine("solution");

        var result = await new BaselineSolver(RealCad.Analyzer(), simulation.Client, TimeProvider.System).SolveAsync(
            benchmark, _temp.Path, output, new SolverOptions { CacheDirectory = _temp.Combine("boxes"), Seed = 1, MaxCandidates = 400, HingedRamps = true }, CancellationToken.None);

        result.Solved.ShouldBeTrue(result.Failure + " " + string.Join("; ", result.Evaluation?.Reasons.Select(r => r.Message) ?? []));
        var solution = SolutionLoader.Load(output, benchmark);
        var flaps = solution.Parts.Where(p => p.Hinge is not null).ToList();
        flaps.ShouldNotBeEmpty("the solution uses a flap on a passive hinge");
        var again = await new SolutionEvaluator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).EvaluateAsync(
            benchmark, _temp.Path, solution, output, new EvaluationOptions(), CancellationToken.None);
        again.Success.ShouldBeTrue(string.Join("; ", again.Reasons.Select(r => r.Message)));

        // Placed level, each flap part turns down about its hinge to the stop at the ramp's slope.
        var parts = new List<ScenePart>();
        foreach (var spec in solution.Parts)
        {
            var part = (await RealCad.Analyzer(TestPaths.CadCache).AnalyzeAsync(Path.Combine(output, spec.File), CancellationToken.None)).Part.ShouldNotBeNull();
            parts.Add(new ScenePart(spec.Name, part, MaterialTable.Get(spec.Material), new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation))), spec.Mount, spec.Friction, spec.Hinge));
        }

        var xml = SolutionEvaluator.SceneXml(benchmark, _temp.Path, solution, parts);
        var bodies = flaps.Select(f => SceneNames.Part(f.Name)).ToList();
        var run = await simulation.Client.SimulateAsync(new SimulationRequest { Model = ModelSource.FromXml(xml, _temp.Path), Seconds = 1, Bodies = bodies }, CancellationToken.None);
        run.Error.ShouldBeNull();
        foreach (var flap in flaps)
        {
            flap.Rotation[1].ShouldBe(0, "a flap starts level");
            var turned = run.FinalPoses[SceneNames.Part(flap.Name)].Orientation;
            var along = new Rotation(turned.W, turned.X, turned.Y, turned.Z).Apply(new Vec3(1, 0, 0));
            var slope = Math.Asin(Math.Clamp(-along.Z, -1, 1)) * 180 / Math.PI;
            slope.ShouldBe(flap.Hinge!.Range[1], 1.5, $"{flap.Name} rests on its stop");
        }
    }

    public void Dispose() => _temp.Dispose();
}
