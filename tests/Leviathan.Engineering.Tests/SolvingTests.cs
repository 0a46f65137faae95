using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Solving;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

public sealed class SolvingTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-solving");

    [Fact]
    public async Task BoxPart_ScreeningMesh_IsTheSolidOpenScadRendersForTheSolution()
    {
        var size = new Vec3(123.456, 40, 7.5);
        var screened = BoxPart.Create(size, _temp.Combine("boxes"));
        var rendered = await RealCad.AnalyzeAsync(_temp.Combine("part"), "box.scad", BoxPart.Scad(size));

        var part = rendered.Part.ShouldNotBeNull(rendered.Render.Describe());
        screened.Properties.Volume.ShouldBe(part.Properties.Volume, 1e-3);
        screened.Properties.SurfaceArea.ShouldBe(part.Properties.SurfaceArea, 1e-3);
        screened.Properties.Centroid.Length.ShouldBe(part.Properties.Centroid.Length, 1e-6);
        (screened.Mesh.Bounds.Min - part.Mesh.Bounds.Min).Length.ShouldBeLessThan(1e-4); // STL stores floats
        (screened.Mesh.Bounds.Max - part.Mesh.Bounds.Max).Length.ShouldBeLessThan(1e-4);
        screened.Topology.IsSingleSolid.ShouldBeTrue();
        BoxPart.Create(size, _temp.Combine("boxes")).StlPath.ShouldBe(screened.StlPath);
    }

    [Fact]
    public void Decode_AnyGenes_GivesPartsInsideTheBuildZoneThatAnAllowedProcessCanMakeAndControlsInsideTheMotorRange()
    {
        var random = new Random(4);
        var examples = new[] { "ramp-to-goal", "flip-into-bin" }.Select(n => BenchmarkLoader.Load(TestPaths.Benchmark(n)));
        foreach (var benchmark in BenchmarkFamilies.All.Select(f => f.Create(f.Name + "-x", 8, new Random(8))).Concat(examples))
        {
            var makings = Making.Allowed(benchmark, new ManufacturingRules());
            var space = new SearchSpace(benchmark, makings);
            var build = benchmark.Zones.Build.ToAabb();
            var partCounts = new HashSet<int>();
            for (var i = 0; i < 300; i++)
            {
                var genes = i % 2 == 0
                    ? Enumerable.Range(0, space.Dimensions).Select(_ => random.Next(3) switch { 0 => 0.0, 1 => 1.0, _ => random.NextDouble() }).ToArray()
                    : space.Sample(random);
                var candidate = space.Decode(genes);
                partCounts.Add(candidate.Parts.Count);
                candidate.Parts.Select(p => p.Name).ShouldBeUnique();
                foreach (var part in candidate.Parts)
                {
                    build.Contains(part.Box.Bounds, 1e-4).ShouldBeTrue($"{benchmark.Id}: {part}");
                    part.Making.Fits(part.Size).ShouldBeTrue($"{benchmark.Id}: {part}");
                    benchmark.Limits.Materials.ShouldContain(part.Making.Material.Id);
                    benchmark.Limits.Processes.ShouldContain(part.Making.Process);
                }

                foreach (var control in candidate.Controls)
                {
                    var motor = benchmark.Motors.Single(m => m.Name == control.Motor);
                    control.To!.Value.ShouldBeInRange(motor.Range[0], motor.Range[1]);
                    (control.Start!.Value + control.Duration!.Value).ShouldBeLessThanOrEqualTo(benchmark.Objective.TimeLimit);
                }
            }

            partCounts.Max().ShouldBeGreaterThan(1, $"{benchmark.Id} never combines parts");
        }
    }

    [Fact]
    public void Decode_RampWithRails_RailsFlankTheDeckWithoutTouchingIt()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));
        var space = new SearchSpace(benchmark, Making.Allowed(benchmark, new ManufacturingRules()));
        var genes = new double[space.Dimensions];
        Array.Fill(genes, 0.5);
        (genes[1], genes[2], genes[4], genes[6], genes[7], genes[10]) = (0.1, 0.1, 0.9, 0.45, 0.8, 0.9); // ramp, high on the left, 15°, long, rails
        (genes[12], genes[24]) = (0, 0); // the other two slots off

        var parts = space.Decode(genes).Parts;

        parts.Select(p => p.Role).ShouldBe(["ramp deck", "ramp rail", "ramp rail"]);
        parts[0].Rotation.Y.ShouldBe(14.75, 0.01);
        parts[0].Size.X.ShouldBeGreaterThan(0.45); // longer than a printer can make: milled
        parts[0].Making.Process.ShouldBe(ManufacturingProcess.CncMilling);
        parts[1].Box.Penetration(parts[0].Box).ShouldBe(0);
        parts[2].Box.Penetration(parts[0].Box).ShouldBe(0);
        parts[1].Box.Penetration(parts[0].Box with { Half = parts[0].Box.Half + new Vec3(0.001, 0.001, 0.001) }).ShouldBeGreaterThan(0);
        parts[1].Size.ShouldBe(parts[2].Size);
    }

    [Fact]
    public void Penetration_TiltedPlankOverABox_IsZeroWhenItsBoundingBoxOverlapsButItDoesNot()
    {
        var plank = OrientedBox.From(new Vec3(0, 0, 0.1), new Vec3(0.6, 0.08, 0.006), Rotation.FromOpenScadEuler(new Vec3(0, 30, 0)));
        var below = OrientedBox.From(new Aabb(new Vec3(-0.3, -0.1, 0), new Vec3(-0.2, 0.1, 0.05)));
        var under = OrientedBox.From(new Aabb(new Vec3(-0.05, -0.1, 0), new Vec3(0.05, 0.1, 0.1)));

        plank.Bounds.Overlaps(below.Bounds).ShouldBeTrue();
        plank.Penetration(below).ShouldBe(0);
        plank.Penetration(under).ShouldBeGreaterThan(0.001);
    }

    public void Dispose() => _temp.Dispose();
}
