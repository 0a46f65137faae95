using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Relay of two motors: a block drops a few centimetres to the floor beside a shelf; the goal is on top of the shelf.
/// Two sliders are provided: a vertical one ('lifter') under the block and a horizontal one ('pusher') behind it at
/// the shelf's height. No part can raise the block by itself, the lifter alone leaves it beside the shelf and the
/// pusher alone drives it into the shelf's side, so a solution mounts a platform on the lifter and a plate on the
/// pusher and <em>sequences</em> them: lift the block to the shelf's height, then push it across onto the shelf. A
/// push that starts too early blocks the block's way up; one that starts too late leaves no time to settle.
/// Randomized: block size and material (up to aluminium), the drop height, the shelf's height and position, the
/// gap between the block and the shelf, each motor's force (a weak lifter cannot raise a heavy block: unsolvable) and
/// the pusher's travel (too short to carry the block onto the shelf: unsolvable), frictions, time limit and limits.
/// Objective <c>settle</c>: a block pushed onto the shelf stays where it is left.
/// <para>
/// <b>Parked pusher</b> (about a quarter of the draws: 40% of those whose shelf stands high enough over where the block
/// can start for a plate to fit between them): the build zone ends 2 mm behind the block's rear face, so there is no
/// room to build a plate behind the block; a plate built over the block's start blocks its way up. The pusher can
/// also retract (its range starts 8 cm behind its rest), so a solution parks the plate first — a retreat to behind
/// the block before the lift reaches it — and pushes after the lift: a <c>waypoints</c> control, since a <c>ramp</c>
/// moves one way only (forwards it crosses over the shelf before the block is up, backwards it never pushes).
/// </para>
/// </summary>
public sealed class RelayFamily : IBenchmarkFamily
{
    public string Name => "relay";

    /// <summary>Two parts: a platform on 'lifter' and a plate on 'pusher'; both motors are needed (see the class remarks).</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 2, Motors: 2, StartJitter);

    /// <summary>A parked pusher must retreat before it pushes: a waypoints control (see the class remarks).</summary>
    public bool SearchesWaypoints => true;

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.003, 0.003, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var side = random.Uniform(0.03, 0.045);
        var shelfHeight = random.Uniform(0.07, 0.14);
        var shelfX = random.Uniform(-0.05, 0.1);
        var gap = random.Uniform(0.012, 0.035);
        var x0 = shelfX - gap - (side / 2);
        // The block's centre starts 17-42 mm higher than the circumscribed sphere of a block resting on the floor, so
        // that a platform fits under the region where it can start.
        var z0 = (side * 0.87) + 0.012 + random.Uniform(0.005, 0.03);
        const double ShelfLength = 0.25;
        const double ColumnDepth = 0.17;
        var benchmark = new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A block drops beside a {shelfHeight:0.###} m high shelf. Use the vertical slider 'lifter' and the horizontal slider 'pusher' in turn to get it onto the shelf (the goal zone) and leave it there."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "shelf", Shape = Box(ShelfLength, 0.3, shelfHeight), Pose = At(shelfX + (ShelfLength / 2), 0, shelfHeight / 2), Friction = random.Uniform(0.4, 0.8) },
            ],
            Payload = new PayloadSpec
            {
                Name = "block",
                Shape = Box(side, side, side),
                Material = random.Pick(new[] { "pla", "abs", "hardwood", "aluminium_6061" }),
                Pose = At(x0, 0, z0),
                Jitter = StartJitter,
                Friction = random.Uniform(0.4, 0.7),
            },
            Motors =
            [
                new MotorSpec
                {
                    Name = "lifter",
                    Type = MotorKind.Slider,
                    Placement = MotorPlacement.Fixed,
                    Anchor = [Math.Round(x0, 4), 0, 0.01],
                    Axis = [0, 0, 1],
                    Range = [0, Math.Round(shelfHeight + 0.04, 3)],
                    Limit = Math.Round(random.Uniform(2, 25), 1),
                },
                new MotorSpec
                {
                    Name = "pusher",
                    Type = MotorKind.Slider,
                    Placement = MotorPlacement.Fixed,
                    Anchor = [Math.Round(shelfX - ColumnDepth + 0.02, 4), 0, Math.Round(shelfHeight + (side / 2), 4)],
                    Axis = [1, 0, 0],
                    Range = [0, Math.Round(random.Uniform(0.08, 0.3), 3)],
                    Limit = Math.Round(random.Uniform(1, 15), 1),
                },
            ],
            Zones = new ZonesSpec
            {
                Build = Zone(null, shelfX - ColumnDepth, -0.08, 0.001, shelfX - 0.001, 0.08, shelfHeight + side + 0.04),
                Goal = Zone("shelf-top", shelfX + 0.01, -0.15, shelfHeight, shelfX + 0.22, 0.15, shelfHeight + 0.1),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(4, 5) },
        };

        // Drawn last, so that the other draws (and every benchmark without a parked pusher) stay as they were.
        var parked = random.NextDouble() < 0.4 && ParkingFits(side, z0, shelfHeight);
        return parked ? Parked(benchmark, x0 - (side / 2) + 0.002) : benchmark;
    }

    /// <summary>
    /// Whether a pusher plate at the shelf's height (its lower edge 1 cm plus a tenth of the block over the shelf, as the
    /// solver aims it) clears the region the block can start in (its circumscribed sphere, the jitter and 3 mm) by 3 mm.
    /// </summary>
    private static bool ParkingFits(double side, double z0, double shelfHeight)
    {
        var startTop = z0 + (Math.Sqrt(3) / 2 * side) + 0.003 + Math.Sqrt(2 * 0.003 * 0.003);
        return shelfHeight + 0.01 + (0.1 * side) > startTop + 0.003;
    }

    /// <summary>The parked-pusher variant: the build zone starts at <paramref name="buildFrom"/> (over the block) and the pusher can retract 8 cm.</summary>
    private static BenchmarkSpec Parked(BenchmarkSpec benchmark, double buildFrom)
    {
        var build = benchmark.Zones.Build;
        var pusher = benchmark.Motors[1];
        return benchmark with
        {
            Description = benchmark.Description + " There is no room to build behind the block: park the pusher's plate out of the lift's way first.",
            Motors = [benchmark.Motors[0], pusher with { Range = [-0.08, pusher.Range[1]] }],
            Zones = benchmark.Zones with { Build = build with { Min = [Math.Round(buildFrom, 4), build.Min[1], build.Min[2]] } },
        };
    }
}
