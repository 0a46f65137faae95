using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Generation;

/// <summary>
/// Draws no search solved (motors too weak for their payload) are not drawn, and an unsolved candidate is not searched
/// again with waypoint controls where they never paid: both cut generation's CPU per kept benchmark without touching
/// the proofs of a kept one.
/// </summary>
public sealed class HopelessDrawsTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private const int Seeds = 300;

    private readonly TempDirectory _temp = new("leviathan-hopeless");

    [Fact]
    public void PushFamily_EveryDraw_PusherOutpushesTheBlocksSlidingFriction()
    {
        var raised = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var b = new PushFamily().Create("push", seed, new Random(seed));
            var side = b.Payload.Shape.Size![0];
            var weight = side * side * side * MaterialTable.Get(b.Payload.Material!).Density * 9.81;
            var friction = Math.Max(b.Fixtures.Single(f => f.Name == "floor").Friction, b.Payload.Friction);
            var pusher = b.Motors.Single(m => m.Name == "pusher");
            var least = PushFamily.PusherMargin * friction * weight;

            pusher.Limit.ShouldBeGreaterThanOrEqualTo(least, $"seed {seed}: a {b.Payload.Material} block of {weight:0.00} N on friction {friction}");
            pusher.Limit.ShouldBeGreaterThanOrEqualTo(1, $"seed {seed}");
            if (pusher.Limit > 30)
            {
                // Above the family's drawn range only where the draw was too weak, and then by no more than the rounding.
                pusher.Limit.ShouldBeLessThanOrEqualTo(least + 0.1, $"seed {seed}");
            }

            raised += pusher.Limit <= least + 0.1 ? 1 : 0;
        }

        raised.ShouldBeInRange(1, Seeds / 4, "heavy blocks on weak pushers are a minority of the draws");
    }

    [Fact]
    public void LiftFamily_EveryDraw_LifterCarriesTwentyTimesTheBallsWeight()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var b = new LiftFamily().Create("lift", seed, new Random(seed));
            var radius = b.Payload.Shape.Radius!.Value;
            var weight = 4.0 / 3 * Math.PI * radius * radius * radius * MaterialTable.Get(b.Payload.Material!).Density * 9.81;
            var lifter = b.Motors.Single(m => m.Name == "lifter");

            lifter.Limit.ShouldBeGreaterThanOrEqualTo(LiftFamily.LifterMargin * weight, $"seed {seed}: a {b.Payload.Material} ball of {weight:0.00} N");
            lifter.Limit.ShouldBeGreaterThanOrEqualTo(2, $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(false, 8)]
    [InlineData(true, 12)]
    public async Task Generate_UnsolvableMotorCandidate_SearchesWaypointControlsOnlyInFamiliesThatNeedThem(bool searchesWaypoints, int solverCandidates)
    {
        var generator = new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System);
        var index = await generator.GenerateAsync(
            new GeneratorOptions
            {
                Count = 1,
                Seed = 4,
                OutputDirectory = _temp.Combine($"out-{searchesWaypoints}"),
                Families = [new UnreachablePushFamily(searchesWaypoints)],
                MaxCandidates = 1,
                Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 8, WaypointShare = 0.3 },
            },
            null,
            CancellationToken.None);

        var candidate = index.Candidates.ShouldHaveSingleItem();
        candidate.Reason.ShouldBe(RejectionReasons.Unsolved, candidate.Detail);

        // 8 with ramp controls; a family that searches waypoints screens 30% of them again (at least a batch of 4) with waypoint controls.
        candidate.SolverCandidates.ShouldBe(solverCandidates, candidate.Detail);
        if (searchesWaypoints)
        {
            candidate.Detail!.ShouldContain("(8 with ramp controls, then 4 with waypoint controls)");
        }
        else
        {
            candidate.Detail!.ShouldNotContain("waypoint");
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Push draws with the goal lifted 0.5 m into the air (no pusher gets the block there) and the block resting on the floor.</summary>
    private sealed class UnreachablePushFamily(bool searchesWaypoints) : IBenchmarkFamily
    {
        public string Name => "unreachable-push";

        public FamilyLevelInputs LevelInputs => new PushFamily().LevelInputs;

        public bool SearchesWaypoints => searchesWaypoints;

        public BenchmarkSpec Create(string id, long seed, Random random)
        {
            var spec = new PushFamily().Create(id, seed, random);
            var p = spec.Payload.Pose.Position;
            var side = spec.Payload.Shape.Size![2];
            return spec with
            {
                Family = Name,
                Payload = spec.Payload with { Pose = spec.Payload.Pose with { Position = [p[0], p[1], (side / 2) + 0.0005] } },
                Zones = spec.Zones with { Goal = new ZoneSpec { Name = "sky", Min = [p[0] + 0.1, -0.1, 0.5], Max = [p[0] + 0.2, 0.1, 0.6] } },
            };
        }
    }
}
