using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Cross a gap: a ball rolls down an inclined ledge towards a gap and would fall into the pit (a forbid zone); the
/// goal is on the platform across the gap. A solution bridges the gap. Randomized: gap width (narrow gaps may be
/// crossed unaided: trivial), ledge height and incline (steep ledges may throw the ball across), how far the
/// platform sits below the ledge, the ball's clearance above the ledge (a negative one starts it inside: invalid),
/// ball, frictions, limits.
/// </summary>
public sealed class GapFamily : IBenchmarkFamily
{
    public string Name => "gap";

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var radius = random.Uniform(0.012, 0.025);
        var gap = random.Uniform(0.05, 0.3);
        var height = random.Uniform(0.07, 0.18);
        var incline = random.Uniform(3, 22);
        var drop = random.Uniform(0.002, 0.04);
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
        var platformLength = 0.4;
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball rolls down a ledge towards a {gap:0.###} m gap. Get it across onto the platform on the other side (the goal zone) without touching the pit."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "ledge", Shape = Box(Length, 0.2, Thickness), Pose = At(cx, 0, cz, incline), Friction = random.Uniform(0.5, 0.9) },
                new FixtureSpec { Name = "platform", Shape = Box(platformLength, 0.3, right), Pose = At((gap / 2) + (platformLength / 2), 0, right / 2), Friction = random.Uniform(0.5, 0.9) },
            ],
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = PayloadMaterial(random),
                Pose = At(bx, 0, bz),
                Jitter = new JitterSpec { Position = [0.004, 0.004, 0] },
                Friction = random.Uniform(0.5, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, edge + 0.002, -0.1, 0.012, -edge - 0.002, 0.1, height + 0.02),
                Goal = Zone("far-side", (gap / 2) + 0.03, -0.15, right, (gap / 2) + 0.25, 0.15, right + 0.08),
                Forbid = [Zone("pit", edge + 0.005, -0.35, 0, -edge - 0.005, 0.35, 0.01)],
            },
            Limits = Limits(random),
            // Objective any_time, not settle: the ball rolls on across the platform (contacts have no rolling resistance: MuJoCo's default condim 3) and the build zone is the gap only, so no part can stop it on the goal.
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.AnyTime, TimeLimit = random.Uniform(2.5, 3.5) },
        };
    }
}
