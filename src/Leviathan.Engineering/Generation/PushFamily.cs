using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Push along a surface with a motor: a block rests on the floor; the goal is further along +x and the block must
/// be inside it when time runs out. A horizontal slider behind the block is provided; a solution mounts a pusher
/// on it and drives it the right distance. Randomized: distance and goal size (a goal that already holds the block
/// is trivial), the block's size, material (up to steel) and clearance above the floor (a negative one starts it
/// inside the floor: invalid), the slider's force (at least 1.5 times the block's sliding friction) and travel (too short:
/// unsolvable), frictions, limits.
/// </summary>
public sealed class PushFamily : IBenchmarkFamily
{
    public string Name => "push";

    /// <summary>One part: the pusher plate on the motor 'pusher', which every reference drives.</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 1, Motors: 1, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.004, 0.004, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var side = random.Uniform(0.03, 0.07);
        var x0 = random.Uniform(-0.15, 0.05);
        var distance = random.Uniform(0, 0.35);
        var goalHalf = random.Uniform(0.02, 0.07);
        var clearance = random.Uniform(-0.003, 0.004);
        var benchmark = new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A block rests on the floor. Use the horizontal slider 'pusher' to move it {distance:0.###} m along +x into the goal zone and leave it there when time runs out."),
            Fixtures = [Floor(random)],
            Payload = new PayloadSpec
            {
                Name = "block",
                Shape = Box(side, side, side),
                Material = random.Pick(new[] { "hardwood", "pla", "abs", "aluminium_6061", "steel" }),
                Pose = At(x0, 0, (side / 2) + clearance),
                Jitter = StartJitter,
                Friction = random.Uniform(0.3, 0.6),
            },
            Motors =
            [
                new MotorSpec
                {
                    Name = "pusher",
                    Type = MotorKind.Slider,
                    Placement = MotorPlacement.Fixed,
                    Anchor = [Math.Round(x0 - 0.1, 4), 0, 0.03],
                    Axis = [1, 0, 0],
                    Range = [0, Math.Round(distance * random.Uniform(0.5, 1.6), 3)],
                    Limit = Math.Round(random.Uniform(1, 30), 1),
                },
            ],
            Zones = new ZonesSpec
            {
                Build = Zone(null, x0 - 0.16, -0.1, 0.002, x0 - (side / 2) - 0.006, 0.1, 0.1),
                Goal = Zone("target", x0 + distance - goalHalf, -0.1, 0, x0 + distance + goalHalf, 0.1, 0.1),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(2.5, 3.5) },
        };

        // A pusher weaker than the block's sliding friction (MuJoCo takes the larger of the two frictions) cannot push
        // it, only knock it; such draws were all unsolved, so the limit is at least PusherMargin times that friction.
        var friction = Math.Max(benchmark.Fixtures[0].Friction, benchmark.Payload.Friction);
        return WithLimitAtLeast(benchmark, "pusher", PusherMargin * friction * Weight(benchmark));
    }

    /// <summary>The pusher's least force as a multiple of the block's sliding friction (weight × the larger friction).</summary>
    public const double PusherMargin = 1.5;
}
