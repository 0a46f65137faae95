using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Solving;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>The solver's moulded parts: drafted, cored boxes that pass the moulding rules where a plain box does not.</summary>
public sealed class MouldedPartTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-moulded");
    private readonly ManufacturingRules _rules = new();

    [Theory]
    [InlineData(180, 60, 12)] // a ramp deck: cored
    [InlineData(120.5, 35.25, 2.5)] // a thin plate: solid
    [InlineData(100, 100, 100)] // a block: a deep tray
    public async Task MouldedPart_ScreeningMesh_IsTheSolidOpenScadRendersAndPassesTheMouldingRules(double x, double y, double z)
    {
        var size = new Vec3(x, y, z);
        MouldedPart.CanMould(size).ShouldBeTrue();
        var screened = MouldedPart.Create(size, _temp.Combine("cache"));
        var rendered = await RealCad.AnalyzeAsync(_temp.Combine("part"), "moulded.scad", MouldedPart.Scad(size));

        var part = rendered.Part.ShouldNotBeNull(rendered.Render.Describe());
        screened.Properties.Volume.ShouldBe(part.Properties.Volume, part.Properties.Volume * 1e-6);
        screened.Properties.SurfaceArea.ShouldBe(part.Properties.SurfaceArea, part.Properties.SurfaceArea * 1e-6);
        (screened.Properties.Centroid - part.Properties.Centroid).Length.ShouldBeLessThan(1e-4);
        (part.Mesh.Bounds.Min - new Vec3(-x / 2, -y / 2, -z / 2)).Length.ShouldBeLessThan(1e-4); // the box's own bounds: the footprint at -Z
        (part.Mesh.Bounds.Max - new Vec3(x / 2, y / 2, z / 2)).Length.ShouldBeLessThan(1e-4);
        part.Properties.Volume.ShouldBeLessThan(x * y * z);

        var report = ManufacturabilityChecker.Check("moulded", part.Mesh, part.Topology, ManufacturingProcess.InjectionMoulding, _rules);
        report.Passed.ShouldBeTrue(string.Join("; ", report.Failures.Select(f => f.Message)));
        report.MaximumWallThickness!.Value.ShouldBeLessThanOrEqualTo(_rules.MaximumWallThickness);
        report.MaximumWallThickness.Value.ShouldBe(MouldedPart.MaximumWall(size), 0.05); // what the solver costs is what the evaluator measures
        report.MinimumWallThickness!.Value.ShouldBeGreaterThanOrEqualTo(_rules.MinimumWallThickness);
    }

    [Fact]
    public async Task Moulding_PlainBoxOfTheSameSize_StillFailsTheDraftAndWallRules()
    {
        var size = new Vec3(180, 60, 12);
        var rendered = await RealCad.AnalyzeAsync(_temp.Combine("box"), "box.scad", BoxPart.Scad(size));
        var part = rendered.Part.ShouldNotBeNull(rendered.Render.Describe());

        var report = ManufacturabilityChecker.Check("deck", part.Mesh, part.Topology, ManufacturingProcess.InjectionMoulding, _rules);

        report.Failures.Select(f => f.Rule).ShouldBe(["draft", "wall_thickness"], ignoreOrder: true);
        report.Failures.Single(f => f.Rule == "draft").Message.ShouldBe("part 'deck' fails 'draft': walls along the mould opening (Z) have 0° draft over 5760 mm²; taper them by at least 1°");
    }

    [Fact]
    public void Orient_ThinEdgeAcrossX_DescribesTheSameBoxWithTheThinEdgeAlongZ()
    {
        var size = new Vec3(0.008, 0.25, 0.04); // an upright wall, thin along X, turned about Z
        var euler = new Vec3(0, 0, 37.5);

        var (moulded, turned) = MouldedPart.Orient(size, euler);

        moulded.ShouldBe(new Vec3(0.25, 0.04, 0.008));
        var before = OrientedBox.From(Vec3.Zero, size, Rotation.FromOpenScadEuler(euler)).Bounds;
        var after = OrientedBox.From(Vec3.Zero, moulded, Rotation.FromOpenScadEuler(turned)).Bounds;
        (before.Min - after.Min).Length.ShouldBeLessThan(1e-5);
        (before.Max - after.Max).Length.ShouldBeLessThan(1e-5);
        var z = Rotation.FromOpenScadEuler(turned).Apply(new Vec3(0, 0, 1));
        Math.Abs(z.Dot(Rotation.FromOpenScadEuler(euler).Apply(new Vec3(1, 0, 0)))).ShouldBe(1, 1e-6); // the mould axis is the old X
        MouldedPart.Orient(new Vec3(0.2, 0.05, 0.01), euler).ShouldBe((new Vec3(0.2, 0.05, 0.01), euler)); // already along Z
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1000, true)]
    [InlineData(5000, true)]
    public void Cheapest_RampDeck_IsMouldedOnlyInTheThousandsAndThenNothingElseMakesThatSolidCheaper(int quantity, bool moulded)
    {
        var benchmark = new PushFamily().Create("q", 3, new Random(3));
        benchmark = benchmark with
        {
            Limits = benchmark.Limits with
            {
                Quantity = quantity,
                Processes = [ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling, ManufacturingProcess.InjectionMoulding],
            },
        };
        var makings = Making.Allowed(benchmark, _rules);
        var costs = new CostEstimator(new CostRates());
        var deck = new Vec3(0.18, 0.06, 0.012);

        var best = Making.Cheapest(makings, deck, quantity, costs).ShouldNotBeNull();

        (best.Process == ManufacturingProcess.InjectionMoulding).ShouldBe(moulded, best.ToString());
        if (moulded)
        {
            var (volume, surface, wall) = MouldedPart.Measure(new Vec3(60, 180, 12));
            double PerUnit(ManufacturingProcess process) => costs.Estimate(
                new PartCostInput(["deck"], best.Material, process, volume / 1000, surface / 100, new Aabb(Vec3.Zero, new Vec3(60, 180, 12)), process == ManufacturingProcess.InjectionMoulding ? wall : null, 1),
                quantity).PerUnit;
            PerUnit(ManufacturingProcess.InjectionMoulding).ShouldBeLessThan(PerUnit(ManufacturingProcess.Print3d));
        }
    }

    [Fact]
    public void CanMould_TooNarrowToCoreOrTooThin_IsFalse()
    {
        MouldedPart.CanMould(new Vec3(100, 6, 12)).ShouldBeFalse(); // no room for a cavity between 2 mm walls
        MouldedPart.CanMould(new Vec3(100, 40, 0.5)).ShouldBeFalse(); // thinner than the melt fills
        MouldedPart.CanMould(new Vec3(100, 12, 6)).ShouldBeTrue();
    }

    public void Dispose() => _temp.Dispose();
}
