using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>The prior's bridge guess: a deck across a build zone that lies between the payload's support and the goal's side.</summary>
public sealed class BridgeAimTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-bridge");

    [Fact]
    public void Span_DrawsOfEveryFamily_JoinsTheLedgeEdgeToThePlatformInGapDrawsAndAppliesToNoOtherFamily()
    {
        foreach (var (family, _, benchmark) in FamilyDraws.Each(Enumerable.Range(0, 100)))
        {
            var span = BridgeAim.Span(benchmark);
            if (family is not GapFamily)
            {
                span.ShouldBeNull($"{benchmark.Id}: the other families keep the search space they had");
                continue;
            }

            // The gap's build zone runs from 2 mm past the ledge's top edge to 2 mm short of the platform, and up to 2 cm over the edge.
            var (near, far) = span.ShouldNotBeNull(benchmark.Id);
            var build = benchmark.Zones.Build.ToAabb();
            var platform = benchmark.Fixtures.Single(f => f.Name == "platform");
            near.X.ShouldBe(build.Min.X, 1e-9);
            far.X.ShouldBe(build.Max.X, 1e-9);
            near.Z.ShouldBe(build.Max.Z - 0.02, 0.001, $"{benchmark.Id}: the near end is the ledge's top edge");
            far.Z.ShouldBe(platform.Pose.Position[2] + (platform.Shape.Size![2] / 2), 1e-6, $"{benchmark.Id}: the far end is the platform's top");
        }
    }

    [Fact]
    public async Task Generate_AGapWhoseSearchTookHundredsOfCandidates_IsSolvedInTheFirstGenerationByOneDeckAcrossTheGap()
    {
        // Candidate 3 of run seed 1000 (gap-614fcfa7: a 0.23 m gap), whose reference the search without the bridge guess
        // found after 396 solver candidates (a ramp and a six-segment curved guide).
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, "gap", unchecked(1000 + (3 * (long)0x9E3779B97F4A7C15)), maxCandidates: 1, solverCandidates: 1000);

        var kept = index.Candidates.ShouldHaveSingleItem();
        kept.Id.ShouldBe("gap-614fcfa7");
        kept.Kept.ShouldBeTrue(FamilyGeneration.Describe(index));
        kept.SolverCandidates.ShouldBeLessThanOrEqualTo(new SolverOptions { CacheDirectory = "unused" }.BatchSize, "solved by a draw of the first generation");
        var folder = _temp.Combine("out", kept.Id);
        await FamilyGeneration.ShouldPassCheckAsync(simulation, folder);

        var benchmark = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json"));
        var deck = SolutionLoader.Load(Path.Combine(folder, "reference"), benchmark).Parts.ShouldHaveSingleItem();
        File.ReadAllText(Path.Combine(folder, "reference", deck.File)).ShouldStartWith("// ramp deck");
        var bounds = PartCorners.Of(deck, Path.Combine(folder, "reference")).Aggregate(Aabb.Empty, (b, p) => b.Include(p));
        var build = benchmark.Zones.Build.ToAabb();
        bounds.Min.X.ShouldBeLessThan(build.Min.X + 0.005, "the deck starts at the ledge's edge");
        bounds.Max.X.ShouldBeGreaterThan(build.Max.X - 0.008, "and reaches the platform");
        bounds.Max.Z.ShouldBeLessThan(build.Max.Z - 0.02, "its top stays under the ledge's edge, so the ball rolls onto it");
    }

    public void Dispose() => _temp.Dispose();
}
