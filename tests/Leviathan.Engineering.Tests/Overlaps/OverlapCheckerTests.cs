using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Overlaps;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Overlaps;

public sealed class OverlapCheckerTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-overlap");

    [Fact]
    public async Task Find_CubesSharingACorner_MeasuresTheSharedVolume()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(10);")).Part!;
        var a = ScadText.Part("a", cube, Pose.Identity);
        var b = ScadText.Part("b", cube, new Pose(new Vec3(0.005, 0.005, 0.005), Rotation.Identity));

        var overlaps = await new OverlapChecker(RealCad.Client()).FindAsync([a, b], CancellationToken.None);

        var overlap = overlaps.ShouldHaveSingleItem();
        (overlap.First, overlap.Second).ShouldBe(("a", "b"));
        overlap.VolumeMm3.ShouldBe(125, 0.01);
    }

    [Fact]
    public async Task Find_TouchingAndSeparateParts_DoNotOverlap()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(10);")).Part!;
        var a = ScadText.Part("a", cube, Pose.Identity);
        var touching = ScadText.Part("touching", cube, new Pose(new Vec3(0.01, 0, 0), Rotation.Identity));
        var far = ScadText.Part("far", cube, new Pose(new Vec3(0.1, 0, 0), Rotation.Identity));

        var overlaps = await new OverlapChecker(RealCad.Client()).FindAsync([a, touching, far], CancellationToken.None);

        overlaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Find_ConcavePartAroundAnother_SeesNoOverlapWhereConvexHullsWould()
    {
        // A U channel with a small cube resting in its slot: the hulls overlap, the solids do not.
        var channel = (await RealCad.AnalyzeAsync(_temp.Path, "u.scad", "difference() { cube([30, 10, 20]); translate([10, -1, 5]) cube([10, 12, 20]); }")).Part!;
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "small.scad", "cube(8);")).Part!;
        var solids = new[]
        {
            ScadText.Part("channel", channel, Pose.Identity),
            ScadText.Part("cube", cube, new Pose(new Vec3(0.011, 0.001, 0.006), Rotation.Identity)),
        };

        var overlaps = await new OverlapChecker(RealCad.Client()).FindAsync(solids, CancellationToken.None);

        overlaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Find_PartSunkIntoARotatedFixture_OverlapsTheFixtureOnly()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(10);")).Part!;
        var floor = new FixtureSpec
        {
            Name = "floor",
            Shape = new ShapeSpec { Type = ShapeKind.Box, Size = [1, 1, 0.02] },
            Pose = new PoseSpec { Position = [0, 0, -0.01], Rotation = [0, 0, 45] },
        };
        var wall = floor with { Name = "wall", Pose = new PoseSpec { Position = [0.5, 0, 0.2] } };
        var solids = new[] { ScadText.Part("sunk", cube, new Pose(new Vec3(0, 0, -0.004), Rotation.Identity)), ScadText.Fixture(floor, null), ScadText.Fixture(wall, null) };

        var overlaps = await new OverlapChecker(RealCad.Client()).FindAsync(solids, CancellationToken.None);

        var overlap = overlaps.ShouldHaveSingleItem();
        overlap.Second.ShouldBe("floor");
        overlap.VolumeMm3.ShouldBe(400, 0.01);
    }

    public void Dispose() => _temp.Dispose();
}
