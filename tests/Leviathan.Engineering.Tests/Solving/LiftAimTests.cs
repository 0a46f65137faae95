using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>The lift's tilted platform: the payload rolls into the corner between the platform's low edge and the shelf, and is tipped onto the shelf.</summary>
public sealed class LiftAimTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-lift-aim");

    [Fact]
    public void Applies_DrawsOfEveryFamily_OnlyToLiftSoThatNoOtherFamilysSearchChanges()
    {
        foreach (var (family, _, benchmark) in FamilyDraws.Each(Enumerable.Range(0, 100)))
        {
            LiftAim.Applies(benchmark).ShouldBe(family is LiftFamily, benchmark.Id);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.49, 0.0)]
    [InlineData(0.75, 7.5)]
    [InlineData(1.0, 15.0)]
    public void Decode_LiftPlatformsTiltGene_KeepsTheLowerHalfLevelAndSlopesTheUpperHalfDownTowardsTheGoal(double gene, double degrees)
    {
        var benchmark = new LiftFamily().Create("lift-7", 7, new Random(7));
        var space = new SearchSpace(benchmark, Making.Allowed(benchmark, new ManufacturingRules()));
        var genes = new double[space.Dimensions];
        Array.Fill(genes, 0.5);
        genes[11] = gene; // the lifter's slot comes first

        var plate = space.Decode(genes).Parts.Single(p => p.Mount == "lifter");

        // The plate's top faces along its thinnest edge (a moulded plate is turned, its edges with it).
        var thinnest = new[] { plate.Size.X, plate.Size.Y, plate.Size.Z }.Select((size, axis) => (size, axis)).MinBy(e => e.size).axis;
        var normal = Rotation.FromOpenScadEuler(plate.Rotation).Apply(thinnest switch { 0 => new Vec3(1, 0, 0), 1 => new Vec3(0, 1, 0), _ => new Vec3(0, 0, 1) });
        normal = normal.Z < 0 ? normal * -1 : normal;
        (Math.Acos(Math.Clamp(normal.Z, -1, 1)) * 180 / Math.PI).ShouldBe(degrees, 0.05);
        if (degrees > 0)
        {
            var towardsGoal = LiftAim.Heading(benchmark);
            normal.Dot(towardsGoal).ShouldBeGreaterThan(0, "the top leans towards the goal, so it slopes down towards it");
        }
    }

    [Fact]
    public async Task Generate_ALiftWhoseSearchTookHundredsOfCandidates_IsSolvedInTheFirstGenerationByAPlatformTiltedDownToTheShelf()
    {
        // Candidate 0 of run seed 1003 (lift-446679b8), whose reference the search with level platforms only found after
        // 412 solver candidates.
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, "lift", 1003, maxCandidates: 1, solverCandidates: 1000);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Id.ShouldBe("lift-446679b8");
        kept.Kept.ShouldBeTrue(FamilyGeneration.Describe(index));
        kept.SolverCandidates.ShouldBeLessThanOrEqualTo(new SolverOptions { CacheDirectory = "unused" }.BatchSize, "solved by a draw of the first generation");
        var folder = _temp.Combine("out", kept.Id);
        await FamilyGeneration.ShouldPassCheckAsync(simulation, folder);

        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json"));
        var platform = SolutionLoader.Load(Path.Combine(folder, "reference"), benchmark).Parts.ShouldHaveSingleItem();
        platform.Mount.ShouldBe("lifter");
        var corners = PartCorners.Of(platform, Path.Combine(folder, "reference"));
        var shelfSide = benchmark.Zones.Build.ToAabb().Max.X;
        var (near, far) = (corners.Max(c => c.X), corners.Min(c => c.X));
        near.ShouldBeGreaterThan(shelfSide - 0.005, "the platform's low edge is at the shelf's side");
        var nearTop = corners.Where(c => c.X > near - 0.005).Max(c => c.Z);
        var farTop = corners.Where(c => c.X < far + 0.005).Max(c => c.Z);
        (farTop - nearTop).ShouldBeGreaterThan((near - far) * Math.Sin(3 * Math.PI / 180), "its top slopes down towards the shelf");
    }

    public void Dispose() => _temp.Dispose();
}
