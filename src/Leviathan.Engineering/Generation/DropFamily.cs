using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Drop into a bin: a ball falls straight down onto the floor; the goal is a bin sunk into the floor to one side,
/// with a backstop on its far side, and the ball must settle in it (objective <c>settle</c>). A solution deflects it
/// (a ramp below the drop point). Randomized: drop height, side and distance of the bin (close bins may lie under
/// the drop point: trivial), bin width and depth, ball size and material, in half of the draws a post standing
/// somewhere between the drop point and the bin (it may block the way, deflect the ball, or reach into the ball's
/// start: invalid), frictions, time limit and limits.
/// </summary>
public sealed class DropFamily : IBenchmarkFamily
{
    public string Name => "drop";

    /// <summary>One part: a ramp under the drop point (the solver's first world slot; a draw without a post in the way needs no curved guide).</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 1, Motors: 0, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.01, 0.01, 0] };

    /// <summary>Half the bin's extent across the ball's path (y), as wide as the floor.</summary>
    private const double BinHalfWidth = 0.35;

    /// <summary>
    /// The floor with a bin from <paramref name="lo"/> to <paramref name="hi"/> (x) sunk <paramref name="depth"/> into
    /// it (the floor is as thick as the bin is deep, so the bin has walls all the way down), and a backstop 12 cm high
    /// beyond its far edge (side +1: at <paramref name="hi"/>).
    /// </summary>
    private static List<FixtureSpec> Bin(Random random, double lo, double hi, int side, double depth)
    {
        const double Thickness = 0.02;
        const double Left = -0.7;
        const double Right = 0.7;
        var friction = random.Uniform(0.5, 0.9);
        var backstop = side > 0 ? hi + 0.01 : lo - 0.01;
        return
        [
            new FixtureSpec { Name = "floor", Shape = Box(lo - Left, 2 * BinHalfWidth, depth + Thickness), Pose = At((Left + lo) / 2, 0, -(depth + Thickness) / 2), Friction = friction },
            new FixtureSpec { Name = "floor-beyond", Shape = Box(Right - hi, 2 * BinHalfWidth, depth + Thickness), Pose = At((hi + Right) / 2, 0, -(depth + Thickness) / 2), Friction = friction },
            new FixtureSpec { Name = "bin-bottom", Shape = Box(hi - lo, 2 * BinHalfWidth, Thickness), Pose = At((lo + hi) / 2, 0, -depth - (Thickness / 2)), Friction = friction },
            new FixtureSpec { Name = "backstop", Shape = Box(0.02, 2 * BinHalfWidth, 0.12), Pose = At(backstop, 0, 0.06), Friction = friction },
        ];
    }

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var radius = random.Uniform(0.012, 0.03);
        var height = random.Uniform(0.15, 0.5);
        var x0 = random.Uniform(-0.15, 0.15);
        var side = random.Next(2) == 0 ? -1 : 1;
        var distance = random.Uniform(0.03, 0.4);
        var goalCentre = x0 + (side * distance);
        var goalHalf = random.Uniform(0.03, 0.09);
        var nearEdge = goalCentre - (side * goalHalf);
        var buildFar = x0 - (side * 0.1);
        var (lo, hi) = (goalCentre - goalHalf, goalCentre + goalHalf);

        // The goal is a bin sunk into the floor, with a backstop on its far side: a ball that rolls or flies in stays.
        var depth = Math.Round((1.3 * radius) + random.Uniform(0.004, 0.015), 4);
        var fixtures = Bin(random, lo, hi, side, depth);
        if (random.NextDouble() < 0.5)
        {
            var postHeight = random.Uniform(0.03, 0.3);
            var postWidth = random.Uniform(0.02, 0.06);
            var postX = x0 + (side * random.Uniform(-0.05, distance));
            if (postX + (postWidth / 2) < lo - 0.005 || postX - (postWidth / 2) > hi + 0.005)
            {
                fixtures.Add(new FixtureSpec { Name = "post", Shape = Box(postWidth, 0.1, postHeight), Pose = At(postX, 0, postHeight / 2), Friction = random.Uniform(0.4, 0.9) });
            }
        }

        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball is dropped from {height:0.###} m. Deliver it into the bin sunk into the floor {distance:0.###} m to the {(side > 0 ? "right (+x)" : "left (-x)")} of the drop point, where it must come to rest, within the time limit."),
            Fixtures = fixtures,
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = PayloadMaterial(random),
                Pose = At(x0, 0, height),
                Jitter = StartJitter,
                Friction = random.Uniform(0.4, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, Math.Min(buildFar, nearEdge - (side * 0.01)), -0.1, 0, Math.Max(buildFar, nearEdge - (side * 0.01)), 0.1, height - radius - 0.03),
                Goal = Zone("bin", lo, -BinHalfWidth, -depth, hi, BinHalfWidth, 0),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(2.5, 3.5) },
        };
    }
}
