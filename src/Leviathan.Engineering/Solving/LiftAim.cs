using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// A lift: a benchmark whose only motor is a vertical slider and which has one payload. Its lifting platform may be
/// <em>tilted</em>: its top sloping down towards the goal (seen from above, the direction from the payload's start to the
/// goal's centre) by up to <see cref="MaxTilt"/>, from a gene no other slot uses (half of its range keeps the plate
/// level, exactly as without tilt). The prior's guess, in the aimed half of its draws: a tilted platform that runs from
/// behind the payload's landing point to the build zone's face towards the goal, so that the payload lands on it, rolls
/// down into the corner between its low edge and whatever bounds the zone there (a shelf's side), and rests there
/// wherever in its start jitter it began; lifted until that edge is a little above the goal's floor, the platform tips
/// the payload over onto the goal. Every gene gets noise, so the draws spread around the guess.
/// </summary>
internal static class LiftAim
{
    /// <summary>The steepest tilt of a lifting platform (degrees).</summary>
    public const double MaxTilt = 15;

    /// <summary>The guess's platform thickness (metres).</summary>
    private const double Thickness = 0.008;

    /// <summary>Whether the benchmark is a lift: one payload, and one motor that is a vertical slider.</summary>
    public static bool Applies(BenchmarkSpec benchmark) =>
        benchmark.Motors.Count == 1
        && benchmark.Motors[0] is { Type: MotorKind.Slider } motor
        && Math.Abs(Vec3.From(motor.Axis).Normalized().Z) > 0.7
        && (benchmark.ExtraPayloads?.Count ?? 0) == 0;

    /// <summary>The platform's tilt (degrees) from its gene: level in the lower half, 0 to <see cref="MaxTilt"/> in the upper.</summary>
    public static double Tilt(double gene) => gene < 0.5 ? 0 : Lerp(0, MaxTilt, (gene - 0.5) * 2);

    /// <summary>The horizontal unit direction from the payload's start to the goal's centre (+X when they are level).</summary>
    public static Vec3 Heading(BenchmarkSpec benchmark)
    {
        var towards = benchmark.Zones.Goal.ToAabb().Center - Vec3.From(benchmark.Payload.Pose.Position);
        var flat = new Vec3(towards.X, towards.Y, 0);
        return flat.Length < 1e-6 ? new Vec3(1, 0, 0) : flat.Normalized();
    }

    /// <summary>
    /// The axes of a platform of the given tilt (degrees) that slopes down along <paramref name="heading"/>: its thickness
    /// along the first, its width across the slope along the second, its length down the slope along the third.
    /// </summary>
    public static (Vec3 Normal, Vec3 Across, Vec3 Down) Axes(Vec3 heading, double tilt)
    {
        var a = tilt * Math.PI / 180;
        var up = new Vec3(0, 0, 1);
        var normal = (up * Math.Cos(a)) + (heading * Math.Sin(a));
        var down = (heading * Math.Cos(a)) - (up * Math.Sin(a));
        return (normal, down.Cross(normal), down);
    }

    /// <summary>Draws the guess into the motor slot at <paramref name="offset"/>; <paramref name="heading"/> is the benchmark's <see cref="Heading"/>.</summary>
    public static void Aim(double[] genes, int offset, MotorSpec motor, BenchmarkSpec benchmark, Vec3 heading, Aabb build, Vec3 envelope, Random random)
    {
        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var radius = Radius(benchmark.Payload.Shape);
        var jitter = Vec3.From(benchmark.Payload.Jitter.Position).Length;
        var goal = benchmark.Zones.Goal.ToAabb();

        // From behind the landing point (a radius, the jitter and 1 cm) to the build zone's face ahead.
        var ahead = Exit(payload, heading, build);
        var longest = Math.Min(0.15, envelope.Y);
        var length = Math.Clamp(ahead + radius + jitter + 0.01 + Math.Abs(0.005 * Normal(random)), 0.04, longest);
        var width = Math.Clamp((6 * radius) + (4 * jitter) + (0.01 * Normal(random)), 0.02, longest);

        // As steep as the zone's height allows (up to 12°), so that the payload rolls into the corner.
        var room = (build.Size.Z * 0.9) - Thickness;
        var tilt = room <= 0 ? 0 : Math.Min(12, Math.Asin(Math.Min(1, room / length)) * 180 / Math.PI);
        tilt = Math.Clamp(tilt - Math.Abs(1.5 * Normal(random)), 0, MaxTilt);
        genes[offset + 11] = tilt <= 0 ? 0.25 : 0.5 + (tilt / MaxTilt / 2);

        var (normal, _, down) = Axes(heading, tilt);
        var height = (length * Math.Sin(tilt * Math.PI / 180)) + (Thickness * Math.Cos(tilt * Math.PI / 180));
        var reach = payload + (heading * ahead);
        var centre = new Vec3(reach.X, reach.Y, 0) - (new Vec3(down.X, down.Y, 0) * (length / 2));
        centre = new Vec3(centre.X, centre.Y, build.Min.Z + (height / 2));
        var size = build.Size;
        genes[offset + 2] = Math.Clamp((centre.X + (0.002 * Normal(random)) - build.Min.X) / size.X, 0, 1);
        genes[offset + 3] = Math.Clamp((centre.Y + (0.002 * Normal(random)) - build.Min.Y) / size.Y, 0, 1);
        genes[offset + 4] = Math.Clamp((centre.Z - build.Min.Z) / size.Z, 0, 1);
        genes[offset + 5] = Math.Clamp(((Thickness - 0.005) / (Math.Min(0.03, envelope.X) - 0.005)) + (0.03 * Normal(random)), 0, 1);
        genes[offset + 6] = Math.Clamp((width - 0.01) / (longest - 0.01), 0, 1);
        genes[offset + 7] = Math.Clamp((length - 0.01) / (longest - 0.01), 0, 1);

        // Lift the low edge's top 1–2 cm over the goal's floor.
        var lowEdgeTop = centre + (down * (length / 2)) + (normal * (Thickness / 2));
        var lift = goal.Min.Z - lowEdgeTop.Z + 0.015 + (0.005 * Normal(random));
        var (low, high) = (motor.Range[0], motor.Range[1]);
        genes[offset + 8] = Math.Clamp((lift - low) / (high - low), 0, 1);

        // Start once the payload has landed (its fall, then a moment to roll into the corner) and lift in about 0.6 s.
        var t = benchmark.Objective.TimeLimit;
        var fall = Math.Sqrt(2 * Math.Max(0, payload.Z - radius - build.Max.Z) / 9.81);
        var start = Math.Clamp(fall + 0.3 + (0.05 * Normal(random)), 0, 0.4 * t);
        genes[offset + 9] = start / (0.4 * t);
        var duration = Math.Clamp(0.6 + (0.1 * Normal(random)), 0.05 * t, (0.95 * t) - start);
        genes[offset + 10] = Math.Clamp((duration - (0.05 * t)) / ((0.9 * t) - start), 0, 1);
    }

    /// <summary>How far from <paramref name="from"/> along the horizontal <paramref name="heading"/> the build zone ends (seen from above).</summary>
    private static double Exit(Vec3 from, Vec3 heading, Aabb build)
    {
        var exit = double.PositiveInfinity;
        if (Math.Abs(heading.X) > 1e-9)
        {
            exit = Math.Min(exit, ((heading.X > 0 ? build.Max.X : build.Min.X) - from.X) / heading.X);
        }

        if (Math.Abs(heading.Y) > 1e-9)
        {
            exit = Math.Min(exit, ((heading.Y > 0 ? build.Max.Y : build.Min.Y) - from.Y) / heading.Y);
        }

        return Math.Max(0, exit);
    }

    private static double Radius(ShapeSpec shape) => shape.Type switch
    {
        ShapeKind.Box => Vec3.From(shape.Size!).Length / 2,
        ShapeKind.Cylinder => shape.Radius!.Value,
        _ => shape.Radius ?? 0.02,
    };
}
