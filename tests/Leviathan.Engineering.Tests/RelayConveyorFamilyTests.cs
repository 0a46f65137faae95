using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

/// <summary>The two families whose references chain two mechanisms: relay (lift, then push) and conveyor (push, then a chute).</summary>
public sealed class RelayConveyorFamilyTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-gen-chain");

    [Fact]
    public void Create_ManySeeds_RelayDrawsValidSpecsThatNeedALiftAndThenAPush()
    {
        var family = BenchmarkFamilies.Find("relay").ShouldNotBeNull();
        for (var seed = 1; seed <= 200; seed++)
        {
            var b = family.Create($"relay-{seed}", seed, new Random(seed));

            BenchmarkValidator.Validate(b, _temp.Path).ShouldBeEmpty($"seed {seed}");
            b.Objective.Kind.ShouldBe(ObjectiveKind.Settle);
            var lifter = b.Motors[0];
            var pusher = b.Motors[1];
            (lifter.Name, lifter.Type, lifter.Axis[2], pusher.Name, pusher.Type, pusher.Axis[0]).ShouldBe(("lifter", MotorKind.Slider, 1, "pusher", MotorKind.Slider, 1));

            // No part can raise the block on its own: it starts lower than it stands on the shelf (the goal's floor).
            var side = b.Payload.Shape.Size![2];
            (b.Payload.Pose.Position[2] + (b.Payload.Jitter.Position[2])).ShouldBeLessThan(b.Zones.Goal.Min[2] + (side / 2), $"seed {seed}");

            // The goal lies across the shelf's edge from the build zone, so the lift alone leaves the block beside it.
            b.Zones.Goal.Min[0].ShouldBeGreaterThan(b.Zones.Build.Max[0]);
            lifter.Range[1].ShouldBeGreaterThan(b.Zones.Goal.Min[2]);
        }
    }

    [Fact]
    public void Create_ManySeeds_ConveyorDrawsValidSpecsWhoseGoalIsBeyondThePushersReachAcrossAPit()
    {
        var family = BenchmarkFamilies.Find("conveyor").ShouldNotBeNull();
        for (var seed = 1; seed <= 200; seed++)
        {
            var b = family.Create($"conveyor-{seed}", seed, new Random(seed));

            BenchmarkValidator.Validate(b, _temp.Path).ShouldBeEmpty($"seed {seed}");
            b.Objective.Kind.ShouldBe(ObjectiveKind.Settle);
            var pusher = b.Motors.ShouldHaveSingleItem();
            pusher.Axis.ShouldBe([1, 0, 0]);
            var dock = b.Fixtures.Single(f => f.Name == "dock");
            var platform = b.Fixtures.Single(f => f.Name == "platform");
            var edge = dock.Pose.Position[0] + (dock.Shape.Size![0] / 2);
            var far = platform.Pose.Position[0] - (platform.Shape.Size![0] / 2);

            // The goal is more than 15 cm beyond the pusher's full stroke, across a pit the block must not touch.
            (b.Zones.Goal.Min[0] - b.Payload.Pose.Position[0]).ShouldBeGreaterThan(pusher.Range[1] + 0.15, $"seed {seed}");
            var pit = b.Zones.Forbid.ShouldHaveSingleItem();
            pit.Min[0].ShouldBeGreaterThan(edge);
            pit.Max[0].ShouldBeLessThan(far);

            // A straight chute from the dock's edge to the platform is steeper than the friction angle of parts (0.6: 31°).
            var drop = dock.Shape.Size[2] - platform.Shape.Size[2];
            (Math.Atan2(drop, far - edge) * 180 / Math.PI).ShouldBeGreaterThan(34, $"seed {seed}");
        }
    }

    [Fact]
    public void MotorTiming_TwoMotors_TheSecondStartsRelativeToTheEndOfTheFirst()
    {
        var (start, duration) = MotorTiming.Of(4, motors: 2, previousEnd: null, startGene: 0.25, durationGene: 0.5);
        start.ShouldBe(0.4, 1e-9); // the first motor: within the first 40%
        duration.ShouldBe(1.1, 1e-9); // 5-50% of the time limit

        var (second, _) = MotorTiming.Of(4, motors: 2, previousEnd: start + duration, startGene: 0.4, durationGene: 0);
        second.ShouldBe(1.5, 1e-9); // right when the first one ends
        MotorTiming.Of(4, 2, start + duration, 1, 0).Start.ShouldBe(2.7, 1e-9); // up to 30% of the time limit later
        MotorTiming.Of(4, 2, start + duration, 0, 0).Start.ShouldBe(0.7, 1e-9); // or 20% earlier
        MotorTiming.Of(4, 2, 3.9, 1, 1).ShouldBe((3.6, 0.2)); // never after 90%, and ends in time

        // One motor: the timing every single-motor family was proven with.
        MotorTiming.Of(4, 1, null, 0.5, 0.5).ShouldBe((0.8, Math.Round(0.2 + ((3.8 - 0.8 - 0.2) * 0.5), 3)));
    }

    [Theory]
    [InlineData("relay", 1)]
    [InlineData("relay", 2)]
    [InlineData("conveyor", 1)]
    [InlineData("conveyor", 2)]
    public async Task Generate_ChainedFamily_KeepsBenchmarksWhoseReferenceUsesBothMechanismsAndPassesCheck(string family, long seed)
    {
        var index = await FamilyGeneration.GenerateAsync(simulation, _temp, family, seed, maxCandidates: 3, solverCandidates: 200);

        index.Candidates.Count.ShouldBeGreaterThan(0);
        var kept = index.Candidates.Where(c => c.Kept).ToList();
        kept.ShouldNotBeEmpty(FamilyGeneration.Describe(index));
        foreach (var record in kept)
        {
            var folder = _temp.Combine("out", record.Id);
            await FamilyGeneration.ShouldPassCheckAsync(simulation, folder);
            record.Level.ShouldNotBeNull().ShouldBeInRange(0, Difficulty.MaxLevel);

            var benchmark = BenchmarkLoader.Load(Path.Combine(folder, "benchmark.json"));
            var solution = SolutionLoader.Load(Path.Combine(folder, "reference"), benchmark);
            if (family == "relay")
            {
                await RelayNeedsItsSequence(benchmark, folder, solution);
            }
            else
            {
                await ConveyorNeedsItsChute(benchmark, folder, solution);
            }
        }
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The reference drives both sliders; started together instead of one after the other, the same parts fail. A
    /// parked pusher (a waypoints control that retreats first) is started together as a ramp to its stroke's target.
    /// </summary>
    private async Task RelayNeedsItsSequence(BenchmarkSpec benchmark, string folder, SolutionSpec solution)
    {
        solution.Controls.Select(c => c.Motor).Order().ShouldBe(["lifter", "pusher"]);
        var lift = solution.Controls.Single(c => c.Motor == "lifter");
        var push = solution.Controls.Single(c => c.Motor == "pusher");
        lift.Profile.ShouldBe(ControlProfileKind.Ramp);
        var (pushStart, pushTo, pushDuration) = push.Profile == ControlProfileKind.Waypoints
            ? (push.Points![^2][0], push.Points[^1][1], push.Points[^1][0] - push.Points[^2][0])
            : (push.Start!.Value, push.To!.Value, push.Duration!.Value);
        pushStart.ShouldBeGreaterThan(lift.Start!.Value);

        var together = solution with { Controls = [lift, new ControlSpec { Motor = "pusher", Profile = ControlProfileKind.Ramp, From = 0, To = pushTo, Start = lift.Start, Duration = pushDuration }] };
        var report = await EvaluateAsync(benchmark, folder, together);
        report.Success.ShouldBeFalse("pushing while lifting should not deliver the block");
    }

    /// <summary>The reference pushes the block and carries it on a world part; without its world parts the block ends in the pit.</summary>
    private async Task ConveyorNeedsItsChute(BenchmarkSpec benchmark, string folder, SolutionSpec solution)
    {
        solution.Controls.ShouldHaveSingleItem().Motor.ShouldBe("pusher");
        solution.Parts.ShouldContain(p => p.Mount == "pusher");
        solution.Parts.ShouldContain(p => p.Mount == "world");

        var pushOnly = solution with { Parts = solution.Parts.Where(p => p.Mount != "world").ToList() };
        var report = await EvaluateAsync(benchmark, folder, pushOnly);
        report.Success.ShouldBeFalse();
        report.Reasons.Select(r => r.Code).ShouldContain(ReasonCodes.ForbidZoneTouched);
    }

    private async Task<EvaluationReport> EvaluateAsync(BenchmarkSpec benchmark, string folder, SolutionSpec solution) =>
        await new SolutionEvaluator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).EvaluateAsync(
            benchmark, folder, solution, Path.Combine(folder, "reference"), new EvaluationOptions(), CancellationToken.None);
}
