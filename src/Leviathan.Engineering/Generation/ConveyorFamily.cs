using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Conveyor over a long drop: a block rests on a high loading dock; across a wide pit (a forbid zone) and far below
/// lies a platform with the goal. A horizontal slider ('pusher') behind the block is provided, with a stroke that at
/// most carries the block a little past the dock's edge and too slow to throw it across. The transfer is longer than
/// any one mechanism covers: the pusher alone drops the block into the pit, and no static part can start a block at
/// rest. A solution chains two: the pusher moves the block off the edge and a chute (a ramp steep enough to beat the
/// block's friction, at least about 31° against parts' friction of 0.6) carries it down across the pit onto the
/// platform, where it slides to rest. Unlike <c>push</c> the distance is several strokes and it needs a second
/// part; unlike <c>gap</c> the payload is a sliding block at rest, not a rolling ball, so the chute's slope and the
/// push are both needed. Randomized: block size and material, the pit's width (0.25–0.4 m) and the drop (0.7–0.95 ×
/// the width: chutes of 35–44°), where the block sits on the dock, the pusher's stroke (too short to tip the block
/// over the edge: unsolvable) and force, frictions, time limit and limits. Objective <c>settle</c>: a sliding block stops.
/// </summary>
public sealed class ConveyorFamily : IBenchmarkFamily
{
    public string Name => "conveyor";

    /// <summary>Two parts: the pusher plate and a chute across the pit; the pusher alone drops the block into the pit (see the class remarks).</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 2, Motors: 1, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.003, 0.003, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var side = random.Uniform(0.03, 0.045);
        var platformTop = random.Uniform(0.02, 0.06);
        var pit = random.Uniform(0.25, 0.4);
        var dockTop = platformTop + (pit * random.Uniform(0.7, 0.95));
        var edge = random.Uniform(-0.2, -0.1);
        var front = random.Uniform(0.02, 0.06);
        var x0 = edge - front - (side / 2);
        var far = edge + pit;
        const double DockLength = 0.3;
        const double PlatformLength = 0.35;
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A block rests on a {dockTop:0.###} m high dock. Use the horizontal slider 'pusher' and parts of your own to carry it across the {pit:0.###} m pit (do not touch its bottom) onto the low platform beyond (the goal zone) and leave it there."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "dock", Shape = Box(DockLength, 0.3, dockTop), Pose = At(edge - (DockLength / 2), 0, dockTop / 2), Friction = random.Uniform(0.4, 0.7) },
                new FixtureSpec { Name = "platform", Shape = Box(PlatformLength, 0.3, platformTop), Pose = At(far + (PlatformLength / 2), 0, platformTop / 2), Friction = random.Uniform(0.5, 0.9) },
            ],
            Payload = new PayloadSpec
            {
                Name = "block",
                Shape = Box(side, side, side),
                Material = random.Pick(new[] { "pla", "abs", "hardwood", "aluminium_6061" }),
                Pose = At(x0, 0, dockTop + (side / 2) + random.Uniform(0.0005, 0.003)),
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
                    Anchor = [Math.Round(x0 - (side / 2) - 0.05, 4), 0, Math.Round(dockTop + 0.02, 4)],
                    Axis = [1, 0, 0],
                    Range = [0, Math.Round((front + side + 0.01) * random.Uniform(0.75, 1.4), 3)],
                    Limit = Math.Round(random.Uniform(1, 8), 1),
                },
            ],
            Zones = new ZonesSpec
            {
                Build = Zone(null, x0 - (side / 2) - 0.12, -0.1, 0.012, far - 0.002, 0.1, dockTop + 0.07),
                Goal = Zone("platform", far + 0.03, -0.15, platformTop, far + 0.25, 0.15, platformTop + 0.08),
                Forbid = [Zone("pit", edge + 0.005, -0.35, 0, far - 0.005, 0.35, 0.01)],
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(3.5, 4.5) },
        };
    }
}
