using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The prior's guess for a slider in a relay (a benchmark with several motors) or before a chute (one horizontal slider
/// and a goal below the payload, <see cref="ChuteAim"/>): a vertical slider gets a platform about the payload's footprint, low in the build zone under the payload, with a target that lifts its top to the
/// goal's floor; a horizontal slider gets a plate just behind the payload's start region (against its axis), at the
/// height the payload has when it stands on the goal's floor (or at its start height when the goal is lower), with a target that carries the payload to the goal's
/// centre, started right after the motor before it. Every gene gets noise, so the draws spread around the guess.
/// </summary>
internal static class SliderAim
{
    public static void Aim(double[] genes, int offset, MotorSpec motor, BenchmarkSpec benchmark, Aabb build, Vec3 envelope, Random random)
    {
        var axis = Vec3.From(motor.Axis).Normalized();
        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var half = PayloadHalf(benchmark.Payload.Shape);
        var goal = benchmark.Zones.Goal.ToAabb();
        var (low, high) = (motor.Range[0], motor.Range[1]);
        var thickness = Lerp(0.005, Math.Min(0.03, envelope.X), genes[offset + 5] = Noisy(0.3, random));
        if (Math.Abs(axis.Z) > 0.7)
        {
            var centre = new Vec3(payload.X, payload.Y, build.Min.Z + (thickness / 2));
            SetPoint(genes, offset, centre, build, random);
            genes[offset + 6] = Size(2 * half.Y * 1.1, Math.Min(0.15, envelope.Y), random);
            genes[offset + 7] = Size(2 * half.X * 1.1, Math.Min(0.15, envelope.Y), random);
            var lift = goal.Min.Z - (build.Min.Z + thickness) + 0.01;
            genes[offset + 8] = Math.Clamp(((lift - low) / (high - low)) + (0.05 * Normal(random)), 0, 1);
        }
        else
        {
            var behind = Behind(motor, benchmark, thickness);
            SetPoint(genes, offset, behind, build, random);
            genes[offset + 6] = Size(2 * half.Y * 1.5, Math.Min(0.15, envelope.Y), random);
            genes[offset + 7] = Size(2 * half.Z * 0.8, Math.Min(0.15, envelope.Y), random);
            var travel = (goal.Center - behind).Dot(axis);
            genes[offset + 8] = Math.Clamp(((travel - low) / (high - low)) + (0.05 * Normal(random)), 0, 1);
        }

        genes[offset + 9] = Noisy(0.45, random); // MotorTiming: 0.4 starts right when the motor before ends
        genes[offset + 10] = Noisy(0.35, random);
    }

    /// <summary>
    /// Where the guess puts a horizontal slider's plate of the given thickness: just behind the payload's start region
    /// (against the slider's axis), at the height the payload has when it stands on the goal's floor (or at its start
    /// height when the goal is lower). It may lie outside the build zone; the placed plate is then pushed inside.
    /// </summary>
    public static Vec3 Behind(MotorSpec motor, BenchmarkSpec benchmark, double thickness)
    {
        var axis = Vec3.From(motor.Axis).Normalized();
        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var half = PayloadHalf(benchmark.Payload.Shape);
        var region = Math.Sqrt(half.Dot(half)) + 0.003 + Vec3.From(benchmark.Payload.Jitter.Position).Length;
        var goal = benchmark.Zones.Goal.ToAabb();
        var raised = goal.Min.Z > payload.Z ? goal.Min.Z + 0.01 + half.Z : payload.Z + (0.1 * half.Z);
        var behind = payload - (axis * (region + (thickness / 2) + 0.006));
        return new Vec3(behind.X, behind.Y, raised);
    }

    private static Vec3 PayloadHalf(ShapeSpec shape) => shape.Type switch
    {
        ShapeKind.Box => Vec3.From(shape.Size!) / 2,
        ShapeKind.Cylinder => new Vec3(shape.Radius!.Value, shape.Radius.Value, shape.Height!.Value / 2),
        _ => new Vec3(shape.Radius ?? 0.02, shape.Radius ?? 0.02, shape.Radius ?? 0.02),
    };

    private static void SetPoint(double[] genes, int offset, Vec3 point, Aabb build, Random random)
    {
        var size = build.Size;
        genes[offset + 2] = Math.Clamp((point.X + (0.003 * Normal(random)) - build.Min.X) / size.X, 0, 1);
        genes[offset + 3] = Math.Clamp((point.Y + (0.003 * Normal(random)) - build.Min.Y) / size.Y, 0, 1);
        genes[offset + 4] = Math.Clamp((point.Z + (0.003 * Normal(random)) - build.Min.Z) / size.Z, 0, 1);
    }

    /// <summary>The gene of a plate edge of about <paramref name="wanted"/> metres (edges run from 10 mm to <paramref name="largest"/>).</summary>
    private static double Size(double wanted, double largest, Random random) =>
        Math.Clamp(((wanted - 0.01) / (largest - 0.01)) + (0.05 * Normal(random)), 0, 1);

    private static double Noisy(double centre, Random random) => Math.Clamp(centre + (0.1 * Normal(random)), 0, 1);
}
