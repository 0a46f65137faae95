using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The prior's guess for a bridge: when a benchmark without motors and with one payload has its build zone wholly
/// between the payload's start and its goal (seen from above, along the line from one to the other), with a fixture
/// surface on each side of the zone within 3 cm of it (the one the payload arrives on, the one that leads to the
/// goal), the first world slot becomes a deck across the zone: its top 2 mm below the near surface's edge (never above
/// it, so the payload rolls onto the deck rather than into its face), sloping straight down (or up) to 2 mm above the
/// far surface's edge, about 10 cm wide and 8 mm thick, without rails. The space's curved guide (which such a
/// benchmark gets when a fixture stands across that line, e.g. the rim of a bin sunk beyond the zone) is then
/// optional and off in these draws, and the other world slots are off. Every gene gets noise, so the draws spread
/// around the guess.
/// </summary>
internal static class BridgeAim
{
    /// <summary>How far beyond the build zone a surface may begin and still count as the one the bridge joins (metres).</summary>
    private const double Reach = 0.03;

    /// <summary>The deck's top below the near surface and above the far one (metres).</summary>
    private const double Step = 0.002;

    /// <summary>Draws the genes of a deck across <paramref name="span"/> (the benchmark's <see cref="Span"/>) into the slot at <paramref name="offset"/>.</summary>
    public static void Aim(double[] genes, int offset, (Vec3 Near, Vec3 Far) span, Aabb build, Vec3 envelope, Random random)
    {
        var (near, far) = span;
        var run = new Vec3(far.X - near.X, far.Y - near.Y, 0).Length;
        var thickness = Lerp(0.005, 0.02, genes[offset + 9] = Math.Clamp(0.2 + (0.05 * Normal(random)), 0, 1));
        var top = near.Z - Step;
        var end = far.Z + Step;
        var slope = Math.Clamp((Math.Atan2(top - end, run) * 180 / Math.PI) + (0.5 * Normal(random)), -10, 45);
        var tilt = slope * Math.PI / 180;

        // The deck's upper end face leans back by the slope: the anchor (the top of that end) sits in by as much, so
        // that the placed deck is not pushed away from the near surface, and lower by the slope over that distance.
        var inset = (thickness * Math.Abs(Math.Sin(tilt))) + 0.001;
        var direction = new Vec3(far.X - near.X, far.Y - near.Y, 0) / run;
        var anchor = near + (direction * inset);
        anchor = new Vec3(anchor.X, anchor.Y, top - (inset * Math.Tan(tilt)) - Math.Abs(0.001 * Normal(random)));
        var length = ((run - (2 * inset)) / Math.Cos(tilt)) - Math.Abs(0.002 * Normal(random));
        var size = build.Size;
        genes[offset + 1] = 0.5 * random.NextDouble(); // a ramp
        genes[offset + 2] = Math.Clamp((anchor.X - build.Min.X) / size.X, 0, 1);
        genes[offset + 3] = Math.Clamp((anchor.Y + (0.003 * Normal(random)) - build.Min.Y) / size.Y, 0, 1);
        genes[offset + 4] = Math.Clamp((anchor.Z - build.Min.Z) / size.Z, 0, 1);
        genes[offset + 5] = Math.Clamp(0.5 + (0.01 * Normal(random)), 0, 1);
        genes[offset + 6] = Math.Clamp((slope + 10) / 55, 0, 1);
        genes[offset + 7] = Math.Clamp((length - 0.04) / (Math.Min(size.Length, envelope.Z) - 0.04), 0, 1);
        var width = Math.Min(0.2, envelope.Y);
        genes[offset + 8] = Math.Clamp(((0.1 - 0.03) / (width - 0.03)) + (0.1 * Normal(random)), 0, 1); // about 10 cm wide
        genes[offset + 10] = 0.5 * random.NextDouble(); // no rails
    }

    /// <summary>
    /// Where a bridge would begin and end: the points, on the line from the payload's start towards the goal's centre
    /// (seen from above), where it enters and leaves the build zone, each at the height of the top of the fixture
    /// surface nearest to the zone on its side (within <see cref="Reach"/>, below the payload's start). Null when the
    /// benchmark is not one for a bridge.
    /// </summary>
    internal static (Vec3 Near, Vec3 Far)? Span(BenchmarkSpec benchmark)
    {
        if (benchmark.Motors.Count > 0 || benchmark.HasSeveralPayloads())
        {
            return null;
        }

        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var goal = benchmark.Zones.Goal.ToAabb().Center;
        var build = benchmark.Zones.Build.ToAabb();
        var flat = new Vec3(goal.X - payload.X, goal.Y - payload.Y, 0);
        var distance = flat.Length;
        if (distance < 1e-6)
        {
            return null;
        }

        var direction = flat / distance;
        var (enter, leave) = (0.0, distance);
        for (var axis = 0; axis < 2; axis++)
        {
            var (from, along, low, high) = (payload[axis], direction[axis], build.Min[axis], build.Max[axis]);
            if (Math.Abs(along) < 1e-9)
            {
                if (from < low || from > high)
                {
                    return null;
                }

                continue;
            }

            var (a, b) = ((low - from) / along, (high - from) / along);
            (enter, leave) = (Math.Max(enter, Math.Min(a, b)), Math.Min(leave, Math.Max(a, b)));
        }

        // The payload starts before the zone and the goal lies beyond it.
        if (enter <= 0 || leave >= distance || leave - enter < 0.01)
        {
            return null;
        }

        var near = Surface(benchmark, payload, direction, enter, -1, build.Min.Z, payload.Z);
        var far = Surface(benchmark, payload, direction, leave, 1, build.Min.Z, payload.Z);
        return near is { } n && far is { } f
            ? (new Vec3(payload.X + (direction.X * enter), payload.Y + (direction.Y * enter), n.Z), new Vec3(payload.X + (direction.X * leave), payload.Y + (direction.Y * leave), f.Z))
            : null;
    }

    /// <summary>
    /// The top of the nearest fixture surface between <paramref name="floor"/> (the build zone's bottom: the ground
    /// under a gap is no surface to bridge from) and <paramref name="ceiling"/> found stepping 1 mm at a time from the
    /// zone's face outwards (<paramref name="sign"/>: −1 back towards the payload, 1 on towards the goal), up to <see cref="Reach"/>.
    /// </summary>
    private static Vec3? Surface(BenchmarkSpec benchmark, Vec3 payload, Vec3 direction, double at, int sign, double floor, double ceiling)
    {
        for (var step = 1; step <= Reach * 1000; step++)
        {
            var t = at + (sign * step * 0.001);
            var point = new Vec3(payload.X + (direction.X * t), payload.Y + (direction.Y * t), 0);
            var top = benchmark.Fixtures
                .Where(f => f.Shape.Type == ShapeKind.Box)
                .Select(f => TopAt(f, point.X, point.Y))
                .Where(z => z is { } v && v > floor && v < ceiling)
                .DefaultIfEmpty(null)
                .Max();
            if (top is { } z)
            {
                return new Vec3(point.X, point.Y, z);
            }
        }

        return null;
    }

    /// <summary>The highest point of a box fixture on the vertical line through (x, y); null when the line misses it.</summary>
    private static double? TopAt(FixtureSpec fixture, double x, double y)
    {
        var pose = fixture.Pose.ToPose();
        var box = OrientedBox.From(pose.Position, Vec3.From(fixture.Shape.Size!), pose.Rotation);
        var (low, high) = (double.NegativeInfinity, double.PositiveInfinity);
        Span<Vec3> axes = [box.AxisX, box.AxisY, box.AxisZ];
        for (var i = 0; i < 3; i++)
        {
            var (axis, half) = (axes[i], box.Half[i]);
            var k = (axis.X * (x - box.Centre.X)) + (axis.Y * (y - box.Centre.Y)) - (axis.Z * box.Centre.Z);
            if (Math.Abs(axis.Z) < 1e-9)
            {
                if (Math.Abs(k) > half)
                {
                    return null;
                }

                continue;
            }

            var (a, b) = ((-half - k) / axis.Z, (half - k) / axis.Z);
            (low, high) = (Math.Max(low, Math.Min(a, b)), Math.Min(high, Math.Max(a, b)));
        }

        return low <= high ? high : null;
    }
}
