using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
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
    public void Decode_AnyGenes_GivesPartsInsideTheBuildZoneAndControlsInsideTheMotorRange()
    {
        var random = new Random(4);
        foreach (var family in BenchmarkFamilies.All)
        {
            var benchmark = family.Create(family.Name + "-x", 8, new Random(8));
            var space = new SearchSpace(benchmark, 0.2);
            var build = benchmark.Zones.Build.ToAabb();
            for (var i = 0; i < 200; i++)
            {
                var genes = Enumerable.Range(0, space.Dimensions).Select(_ => random.Next(3) switch { 0 => 0.0, 1 => 1.0, _ => random.NextDouble() }).ToArray();
                var candidate = space.Decode(genes);
                foreach (var part in candidate.Parts)
                {
                    var half = SearchSpace.HalfExtent(part.Size, Rotation.FromOpenScadEuler(part.Rotation));
                    build.Contains(new Aabb(part.Position - half, part.Position + half), 1e-4).ShouldBeTrue($"{family.Name}: {part}");
                    new[] { part.Size.X, part.Size.Y, part.Size.Z }.Max().ShouldBeLessThanOrEqualTo(0.2 + 1e-9);
                }

                foreach (var control in candidate.Controls)
                {
                    var motor = benchmark.Motors.Single(m => m.Name == control.Motor);
                    control.To!.Value.ShouldBeInRange(motor.Range[0], motor.Range[1]);
                    (control.Start!.Value + control.Duration!.Value).ShouldBeLessThanOrEqualTo(benchmark.Objective.TimeLimit);
                }
            }
        }
    }

    public void Dispose() => _temp.Dispose();
}
