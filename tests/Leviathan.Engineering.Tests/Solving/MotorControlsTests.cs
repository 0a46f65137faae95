using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>The solver's waypoint controls (stroke and return, retreat then stroke) and the relay draws that need them.</summary>
public sealed class MotorControlsTests
{
    private static readonly MotorSpec Slider = new() { Name = "pusher", Type = MotorKind.Slider, Placement = MotorPlacement.Fixed, Anchor = [0, 0, 0], Axis = [1, 0, 0], Range = [-0.08, 0.3], Limit = 5 };

    [Fact]
    public void Build_StrokeAndReturn_MovesToTheTargetHoldsAndComesBackToRest()
    {
        // Stroke 0.5-1.0 s to 0.15 m, hold 0.4 s (a quarter of 40% of 4 s), back to rest in 0.12 s (3% of 4 s).
        var rest = (0 - Slider.Range[0]) / (Slider.Range[1] - Slider.Range[0]);
        var control = MotorControls.Build(Slider, 4, 0.5, 0.5, 0.15, ControlPattern.StrokeAndReturn, [0.4, 0.25, 0, rest]);

        control.Profile.ShouldBe(ControlProfileKind.Waypoints);
        control.Points!.Select(p => (p[0], p[1])).ShouldBe([(0, 0), (0.5, 0), (1.0, 0.15), (1.4, 0.15), (1.52, 0)]);
        ControlProfile.At(control, 1.2).ShouldBe(0.15, 1e-9);
        ControlProfile.At(control, 3).ShouldBe(0, 1e-9);
        MotorControls.Describe(control).ShouldStartWith("waypoints (stroke and return): 0 at 0 s, 0 at 0.5 s, 0.15 at 1 s");
    }

    [Fact]
    public void Build_RetreatThenStroke_MovesBackFirstAndStrokesNoEarlierThanTheRetreatEnds()
    {
        // Retreat from 0.2 s (a quarter of 20% of 4 s) to -0.05 m, taking 0.12 s (3%); the stroke, asked to start at
        // 0.1 s, waits until 1% of the time limit after the retreat ends.
        var value = (-0.05 - Slider.Range[0]) / (Slider.Range[1] - Slider.Range[0]);
        var control = MotorControls.Build(Slider, 4, 0.1, 1, 0.2, ControlPattern.RetreatThenStroke, [0.8, 0.25, 0, value]);

        control.Points!.Select(p => (p[0], Math.Round(p[1], 4))).ShouldBe([(0, 0), (0.2, 0), (0.32, -0.05), (0.36, -0.05), (1.36, 0.2)]);
        ControlProfile.Extremes(control).ShouldBe((-0.05, 0.2));
        MotorControls.Describe(control).ShouldStartWith("waypoints (retreat then stroke)");
    }

    [Fact]
    public void Build_RampPattern_IsTheRampControlOfTheRampOnlySpace()
    {
        var control = MotorControls.Build(Slider, 4, 0.2, 1, 0.1, MotorControls.Pattern(0.1), []);

        (control.Profile, control.From, control.To, control.Start, control.Duration).ShouldBe((ControlProfileKind.Ramp, 0, 0.1, 0.2, 1));
        MotorControls.Describe(control).ShouldBe("ramp 0 → 0.1 from 0.2 s over 1 s");
    }

    [Fact]
    public void Create_ManySeeds_RelayParksThePusherOverTheBlockInAShareOfDraws()
    {
        var family = new RelayFamily();
        var parked = 0;
        for (var seed = 1; seed <= 400; seed++)
        {
            var b = family.Create($"relay-{seed}", seed, new Random(seed));
            var pusher = b.Motors[1];
            var rear = b.Payload.Pose.Position[0] - (b.Payload.Shape.Size![0] / 2);
            if (pusher.Range[0] < 0)
            {
                parked++;

                // No room behind the block: the build zone starts over it, and the pusher can retract behind it.
                b.Zones.Build.Min[0].ShouldBeGreaterThan(rear, $"seed {seed}");
                (b.Zones.Build.Min[0] + pusher.Range[0]).ShouldBeLessThan(rear - 0.03, $"seed {seed}");
            }
            else
            {
                pusher.Range[0].ShouldBe(0);
                b.Zones.Build.Min[0].ShouldBeLessThan(rear - 0.08, $"seed {seed}");
            }
        }

        parked.ShouldBeInRange(60, 160); // about a quarter of 400
    }

    [Fact]
    public void Sample_ParkedRelay_AimedDrawsParkThePlateBehindTheBlockBeforeTheLiftAndPushAfterIt()
    {
        var seed = Enumerable.Range(1, 100).First(s => new RelayFamily().Create("r", s, new Random(s)).Motors[1].Range[0] < 0);
        var b = new RelayFamily().Create("relay-parked", seed, new Random(seed));
        var rear = b.Payload.Pose.Position[0] - (b.Payload.Shape.Size![0] / 2) - b.Payload.Jitter.Position[0];
        var ramps = new SearchSpace(b, Making.Allowed(b, new EvaluationOptions().Rules));
        var space = new SearchSpace(b, Making.Allowed(b, new EvaluationOptions().Rules), waypoints: true);
        space.Dimensions.ShouldBe(ramps.Dimensions + (2 * SearchSpace.SlotGenes)); // one control slot per motor

        var random = new Random(7);
        var parks = 0;
        for (var i = 0; i < 200; i++)
        {
            var candidate = space.Decode(space.Sample(random));
            var plate = candidate.Parts.Single(p => p.Name == "pusher-plate");
            var (lift, push) = (candidate.Controls[0], candidate.Controls[1]);
            if (lift.Profile != ControlProfileKind.Ramp || push.Profile != ControlProfileKind.Waypoints || !MotorControls.Describe(push).Contains("retreat then stroke", StringComparison.Ordinal))
            {
                continue;
            }

            var parkedFront = plate.Position.X + (plate.Size.X / 2) + push.Points![2][1];
            var parkedBy = push.Points[2][0];
            if (parkedFront < rear && parkedBy < lift.Start && push.Points[^1][1] > 0.1)
            {
                parks++;
            }
        }

        parks.ShouldBeGreaterThan(40, "about half the draws are aimed, and those park the plate behind the block before the lift");
    }
}
