using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Overlaps;
using Leviathan.Engineering.Tests.Cad;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Overlaps;

/// <summary>The overlap check's direct answer for convex solids, against OpenSCAD's rendered intersection of the same pair.</summary>
public sealed class ConvexOverlapTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-convex-overlap");

    [Fact]
    public async Task IntersectionVolume_RotatedBoxPartsAndFixtures_MatchesOpenScadsRenderedIntersection()
    {
        var random = new Random(20261205);
        var runner = new CountingRunner(RealCad.Runner);
        var checker = new OverlapChecker(new OpenScadClient(new CadOptions { CacheDirectory = _temp.Combine("cache") }, runner));
        var compared = 0;
        var overlapping = 0;
        for (var i = 0; i < 10; i++)
        {
            var size = new Vec3(random.Uniform(5, 40), random.Uniform(5, 40), random.Uniform(2, 20));
            var part = (await RealCad.AnalyzeAsync(_temp.Combine($"p{i}"), "box.scad", string.Create(CultureInfo.InvariantCulture, $"cube([{size.X:0.###}, {size.Y:0.###}, {size.Z:0.###}], center = true);"))).Part!;
            var a = ScadText.Part("part", part, new Pose(new Vec3(random.Uniform(-0.01, 0.01), random.Uniform(-0.01, 0.01), random.Uniform(-0.01, 0.01)), RandomRotation(random)));
            var b = i % 2 == 0
                ? ScadText.Part("other", part, new Pose(new Vec3(random.Uniform(-0.02, 0.02), random.Uniform(-0.02, 0.02), random.Uniform(-0.01, 0.01)), RandomRotation(random)))
                : ScadText.Fixture(
                    new FixtureSpec
                    {
                        Name = "ledge",
                        Shape = new ShapeSpec { Type = ShapeKind.Box, Size = [random.Uniform(0.01, 0.05), random.Uniform(0.01, 0.05), random.Uniform(0.005, 0.02)] },
                        Pose = new PoseSpec { Position = [random.Uniform(-0.02, 0.02), random.Uniform(-0.02, 0.02), random.Uniform(-0.01, 0.01)], Rotation = [random.Uniform(-30, 30), random.Uniform(-30, 30), random.Uniform(0, 90)] },
                    },
                    null);
            a.Convex.ShouldNotBeNull();
            b.Convex.ShouldNotBeNull();
            var rendersBefore = runner.Renders;

            var direct = await checker.IntersectionVolumeAsync(a, b, CancellationToken.None);
            runner.Renders.ShouldBe(rendersBefore, "two convex solids need no OpenSCAD run");
            var rendered = await checker.IntersectionVolumeAsync(a with { Convex = null }, b with { Convex = null }, CancellationToken.None);

            direct.ShouldBe(rendered, 0.02 + (1e-4 * rendered), $"pair {i}");
            compared++;
            overlapping += rendered > 1 ? 1 : 0;
        }

        compared.ShouldBe(10);
        overlapping.ShouldBeGreaterThanOrEqualTo(5, "most random pairs should overlap, or the comparison proves little");
    }

    [Fact]
    public async Task IntersectionVolume_BoxesApartTouchingOrNested_AreZeroZeroAndTheSmallerBox()
    {
        var cube = (await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(10, center = true);")).Part!;
        var small = (await RealCad.AnalyzeAsync(_temp.Path, "small.scad", "cube([2, 3, 4], center = true);")).Part!;
        var checker = new OverlapChecker(RealCad.Client());
        var at = (double x) => new Pose(new Vec3(x, 0, 0), Rotation.Identity);

        (await checker.IntersectionVolumeAsync(ScadText.Part("a", cube, at(0)), ScadText.Part("b", cube, at(0.01)), CancellationToken.None)).ShouldBe(0, 1e-9);
        (await checker.IntersectionVolumeAsync(ScadText.Part("a", cube, at(0)), ScadText.Part("b", cube, at(0.0100001)), CancellationToken.None)).ShouldBe(0, 1e-9);
        (await checker.IntersectionVolumeAsync(ScadText.Part("a", cube, at(0)), ScadText.Part("b", small, new Pose(new Vec3(0.001, 0, 0), Rotation.FromOpenScadEuler(new Vec3(10, 20, 30)))), CancellationToken.None)).ShouldBe(24, 1e-6);
        (await checker.IntersectionVolumeAsync(ScadText.Part("a", cube, at(0)), ScadText.Part("b", cube, at(0.004)), CancellationToken.None)).ShouldBe(600, 1e-6);
    }

    [Fact]
    public async Task FromMesh_ConcaveChannel_IsNotTakenForConvex()
    {
        var channel = (await RealCad.AnalyzeAsync(_temp.Path, "u.scad", "difference() { cube([30, 10, 20]); translate([10, -1, 5]) cube([10, 12, 20]); }")).Part!;

        ScadText.Part("channel", channel, Pose.Identity).Convex.ShouldBeNull();
    }

    public void Dispose() => _temp.Dispose();

    private static Rotation RandomRotation(Random random) =>
        Rotation.FromOpenScadEuler(new Vec3(random.Uniform(-180, 180), random.Uniform(-90, 90), random.Uniform(-180, 180)));
}
