using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The prior's guess for a chute: when one horizontal slider can move a payload whose goal lies wholly below it, the
/// world slot becomes a ramp whose upper edge sits just past the edge of the fixture the payload rests on (in the
/// slider's direction; just past the payload's start region when it rests on none), a little below the payload's
/// underside, about 11 cm wide and 8 mm thick, and which runs straight down to the near edge of the fixture that is the
/// goal's floor (or the goal's near side), ending 12 mm above that floor (slopes beyond the space's 45° are cut to 45°). Every gene gets noise, so the draws spread around the guess.
/// </summary>
internal static class ChuteAim
{
    /// <summary>Whether the benchmark is one the chute guess is for: a single horizontal slider and the goal's top below the payload's start.</summary>
    public static bool Applies(BenchmarkSpec benchmark) =>
        benchmark.Motors is [{ Type: MotorKind.Slider } slider]
        && Math.Abs(Vec3.From(slider.Axis).Normalized().Z) < 0.3
        && benchmark.Zones.Goal.Max[2] < benchmark.Payload.Pose.Position[2];

    public static void Aim(double[] genes, int offset, BenchmarkSpec benchmark, Aabb build, Vec3 envelope, Random random)
    {
        var axis = Vec3.From(benchmark.Motors[0].Axis).Normalized();
        axis = new Vec3(axis.X, axis.Y, 0).Normalized();
        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var half = benchmark.Payload.Shape.Type == ShapeKind.Box ? Vec3.From(benchmark.Payload.Shape.Size!) / 2 : new Vec3(1, 1, 1) * (benchmark.Payload.Shape.Radius ?? 0.02);
        var region = half.Length + 0.003 + Vec3.From(benchmark.Payload.Jitter.Position).Length;
        var along = Math.Max(region, SupportEdge(benchmark, payload, half.Z, axis) ?? 0) + 0.02;
        var top = payload + (axis * along);
        top = new Vec3(top.X, top.Y, payload.Z - half.Z - 0.01);
        var goal = benchmark.Zones.Goal.ToAabb();
        var end = GoalFloorEdge(benchmark, goal, top) ?? new Vec3(Math.Clamp(top.X, goal.Min.X, goal.Max.X), Math.Clamp(top.Y, goal.Min.Y, goal.Max.Y), goal.Min.Z);
        end = new Vec3(end.X, end.Y, goal.Min.Z + 0.012);
        var run = new Vec3(end.X - top.X, end.Y - top.Y, 0).Length;
        var slope = Math.Min(45, Math.Atan2(top.Z - end.Z, Math.Max(run, 1e-6)) * 180 / Math.PI);
        var length = Math.Sqrt((run * run) + Math.Pow(top.Z - end.Z, 2)) + 0.01;
        var size = build.Size;
        genes[offset] = 0.5 + (0.5 * random.NextDouble()); // on
        genes[offset + 1] = 0.5 * random.NextDouble(); // a ramp
        genes[offset + 2] = Math.Clamp((top.X + (0.004 * Normal(random)) - build.Min.X) / size.X, 0, 1);
        genes[offset + 3] = Math.Clamp((top.Y + (0.004 * Normal(random)) - build.Min.Y) / size.Y, 0, 1);
        genes[offset + 4] = Math.Clamp((top.Z + (0.004 * Normal(random)) - build.Min.Z) / size.Z, 0, 1);
        genes[offset + 5] = Math.Clamp(0.5 + (0.02 * Normal(random)), 0, 1);
        genes[offset + 6] = Math.Clamp(((slope + 10 + (1.5 * Normal(random))) / 55), 0, 1);
        genes[offset + 7] = Math.Clamp((length + (0.01 * Normal(random)) - 0.04) / (Math.Min(size.Length, envelope.Z) - 0.04), 0, 1);
        genes[offset + 8] = Math.Clamp(0.5 + (0.1 * Normal(random)), 0, 1); // about 11 cm wide
        genes[offset + 9] = Math.Clamp(0.2 + (0.1 * Normal(random)), 0, 1); // about 8 mm thick
    }

    /// <summary>The point nearest to <paramref name="from"/> of the top of the box fixture that is the goal's floor (null when there is none).</summary>
    private static Vec3? GoalFloorEdge(BenchmarkSpec benchmark, Aabb goal, Vec3 from)
    {
        foreach (var fixture in benchmark.Fixtures.Where(f => f.Shape.Type == ShapeKind.Box && f.Pose.Rotation.All(r => r == 0)))
        {
            var centre = Vec3.From(fixture.Pose.Position);
            var h = Vec3.From(fixture.Shape.Size!) / 2;
            var floor = Math.Abs(centre.Z + h.Z - goal.Min.Z) < 0.005
                && centre.X - h.X < goal.Max.X && centre.X + h.X > goal.Min.X
                && centre.Y - h.Y < goal.Max.Y && centre.Y + h.Y > goal.Min.Y;
            if (floor)
            {
                return new Vec3(Math.Clamp(from.X, centre.X - h.X, centre.X + h.X), Math.Clamp(from.Y, centre.Y - h.Y, centre.Y + h.Y), goal.Min.Z);
            }
        }

        return null;
    }

    /// <summary>How far the payload's centre is from the edge, along <paramref name="axis"/>, of the box fixture it rests on (null when it rests on none).</summary>
    private static double? SupportEdge(BenchmarkSpec benchmark, Vec3 payload, double halfHeight, Vec3 axis)
    {
        double? best = null;
        var bestTop = double.NegativeInfinity;
        foreach (var fixture in benchmark.Fixtures.Where(f => f.Shape.Type == ShapeKind.Box && f.Pose.Rotation.All(r => r == 0)))
        {
            var centre = Vec3.From(fixture.Pose.Position);
            var h = Vec3.From(fixture.Shape.Size!) / 2;
            var top = centre.Z + h.Z;
            var under = Math.Abs(payload.X - centre.X) <= h.X && Math.Abs(payload.Y - centre.Y) <= h.Y && top <= payload.Z - halfHeight + 0.01;
            if (!under || top <= bestTop)
            {
                continue;
            }

            var t = double.PositiveInfinity;
            t = Math.Abs(axis.X) > 1e-9 ? Math.Min(t, (centre.X + (Math.Sign(axis.X) * h.X) - payload.X) / axis.X) : t;
            t = Math.Abs(axis.Y) > 1e-9 ? Math.Min(t, (centre.Y + (Math.Sign(axis.Y) * h.Y) - payload.Y) / axis.Y) : t;
            (best, bestTop) = (t, top);
        }

        return best;
    }
}
