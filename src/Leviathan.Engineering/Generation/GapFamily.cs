using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Cross a gap: a ball rolls down an inclined ledge towards a gap and would fall into the pit (a forbid zone); the
/// goal is a bin sunk into the platform across the gap, with a backstop beyond it, and the ball must settle in it
/// (objective <c>settle</c>). A solution bridges the gap. Randomized: gap width (narrow gaps may be crossed unaided:
/// trivial), ledge height and incline (steep ledges may throw the ball across), how far the platform sits below the
/// ledge, where the bin lies on the platform and how wide and deep it is, the ball's clearance above the ledge (a
/// negative one starts it inside: invalid), ball, frictions, time limit (3.5-4.5 s), limits.
/// </summary>
public sealed class GapFamily : IBenchmarkFamily
{
    public string Name => "gap";

    /// <summary>One part: a bridge deck across the gap.</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 1, Motors: 0, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.004, 0.004, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var radius = random.Uniform(0.012, 0.025);
        var gap = random.Uniform(0.05, 0.3);
        var height = random.Uniform(0.08, 0.18);
        var incline = random.Uniform(3, 22);
        var drop = random.Uniform(0.002, 0.03);
        var clearance = random.Uniform(-0.003, 0.006);
        const double Length = 0.3;
        const double Thickness = 0.03;
        var a = incline * Math.PI / 180;
        var edge = -gap / 2;

        // The ledge's top edge at the gap is at (edge, height); its centre follows from the tilt.
        var cx = edge - ((Length / 2 * Math.Cos(a)) + (Thickness / 2 * Math.Sin(a)));
        var cz = height - ((-Length / 2 * Math.Sin(a)) + (Thickness / 2 * Math.Cos(a)));

        // The ball starts 4 cm from the ledge's upper end, just above its surface.
        var along = (-Length / 2) + 0.04;
        var above = (Thickness / 2) + radius + clearance;
        var bx = cx + (along * Math.Cos(a)) + (above * Math.Sin(a));
        var bz = cz - (along * Math.Sin(a)) + (above * Math.Cos(a));
        var right = height - drop;
        const double PlatformLength = 0.4;
        const double PlatformWidth = 0.3;
        var near = gap / 2;
        var far = near + PlatformLength;

        // The goal is a bin sunk into the platform, with a backstop beyond it: a ball that rolls or flies in stays.
        var binNear = near + random.Uniform(0.03, 0.1);
        var binFar = binNear + random.Uniform(0.06, 0.14);
        var depth = Math.Min(right - 0.005, Math.Round((1.3 * radius) + random.Uniform(0.004, 0.012), 4));
        var bottom = right - depth;
        var platformFriction = random.Uniform(0.5, 0.9);
        FixtureSpec Platform(string name, double x0, double x1, double top) =>
            new() { Name = name, Shape = Box(x1 - x0, PlatformWidth, top), Pose = At((x0 + x1) / 2, 0, top / 2), Friction = platformFriction };
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball rolls down a ledge towards a {gap:0.###} m gap. Get it across into the bin sunk into the platform on the other side (the goal zone), where it must come to rest, without touching the pit."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "ledge", Shape = Box(Length, 0.2, Thickness), Pose = At(cx, 0, cz, incline), Friction = random.Uniform(0.5, 0.9) },
                Platform("platform", near, binNear, right),
                Platform("bin-bottom", binNear, binFar, bottom),
                Platform("platform-beyond", binFar, far, right),
                new FixtureSpec { Name = "backstop", Shape = Box(0.02, PlatformWidth, 0.1), Pose = At(binFar + 0.01, 0, right + 0.05), Friction = platformFriction },
            ],
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = PayloadMaterial(random),
                Pose = At(bx, 0, bz),
                Jitter = StartJitter,
                Friction = random.Uniform(0.5, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, edge + 0.002, -0.1, 0.012, -edge - 0.002, 0.1, height + 0.02),
                Goal = Zone("bin", binNear, -PlatformWidth / 2, bottom, binFar, PlatformWidth / 2, right),
                Forbid = [Zone("pit", edge + 0.005, -0.35, 0, -edge - 0.005, 0.35, 0.01)],
            },
            Limits = Limits(random),
            // A second more than the 2.5-3.5 s the family had when the ball only had to pass through the goal: a ball
            // rolling off a shallow ledge reaches the bin after about 2 s, then must come to rest and hold still for
            // the hold time before the limit, which the shorter limits left no room for (such draws were unsolvable).
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(3.5, 4.5) },
        };
    }
}
