using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Flip into a bin: a block falls beside a hinge motor fixed above the floor; a bin (a low front wall and a taller
/// back wall) stands on the other side of the motor. A solution mounts a lever on the hinge that catches the block and
/// turns over the top, so that the block lands in the bin and settles there. Randomized: block size and material,
/// drop point and height, hinge height, the motor's turn and torque, the bin's walls and width, frictions, time
/// limit and limits. Weak motors, heavy blocks and high front walls make unsolved candidates.
/// </summary>
public sealed class FlipFamily : IBenchmarkFamily
{
    public string Name => "flip";

    /// <summary>One part: the lever arm on the hinge motor 'flipper', which every reference drives.</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 1, Motors: 1, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.005, 0.005, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var side = random.Uniform(0.03, 0.045);
        var hinge = random.Uniform(0.08, 0.12);
        var x0 = random.Uniform(-0.26, -0.18);
        var z0 = random.Uniform(0.15, 0.24);
        var front = random.Uniform(0.025, 0.05);
        var frontHeight = random.Uniform(0.04, 0.07);
        var back = front + random.Uniform(0.2, 0.3);
        var backHeight = random.Uniform(0.1, 0.14);
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A block is dropped beside the hinge motor 'flipper', {hinge:0.###} m above the floor. Mount a lever on it that catches the block and turns over the top, so that the block ends up in the bin behind the motor (front wall {frontHeight:0.###} m high) and stays there."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "bin-front", Shape = Box(0.01, 0.3, frontHeight), Pose = At(front, 0, frontHeight / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "bin-back", Shape = Box(0.01, 0.3, backHeight), Pose = At(back, 0, backHeight / 2), Friction = random.Uniform(0.4, 0.8) },
            ],
            Payload = new PayloadSpec
            {
                Name = "block",
                Shape = Box(side, side, side),
                Material = random.Pick(new[] { "pla", "abs", "hardwood", "aluminium_6061" }),
                Pose = At(x0, 0, z0),
                Jitter = StartJitter,
                Friction = random.Uniform(0.4, 0.8),
            },
            Motors =
            [
                new MotorSpec
                {
                    Name = "flipper",
                    Type = MotorKind.Hinge,
                    Placement = MotorPlacement.Fixed,
                    Anchor = [0, 0, hinge],
                    Axis = [0, 1, 0],
                    Range = [-10, Math.Round(random.Uniform(130, 165))],
                    Limit = Math.Round(random.Uniform(1.5, 6), 1),
                },
            ],
            Zones = new ZonesSpec
            {
                Build = Zone(null, -0.3, -0.15, 0, 0, 0.15, 0.25),
                Goal = Zone("bin", front + 0.005, -0.15, 0, back - 0.005, 0.15, 0.1),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(3.5, 4.5) },
        };
    }
}
