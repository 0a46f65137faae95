using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The solver's guess for a lift (one payload, one vertical slider, the goal's floor above the payload's start), used
/// only once a search has stalled (<see cref="BaselineSolver"/>): a thick platform (about 25 mm, low in the build zone)
/// under the payload, about three payload widths on each edge, lifted fast, soon after the start, to put its top about
/// 5 cm above the goal's floor. Every gene gets noise, so the candidates spread around the guess.
/// </summary>
internal static class LiftAim
{
    /// <summary>Whether the benchmark is one the lift guess is for: one payload, one vertical slider, the goal's floor above the payload's start.</summary>
    public static bool Applies(BenchmarkSpec benchmark) =>
        benchmark.AllPayloads().Count() == 1
        && benchmark.Motors is [{ Type: MotorKind.Slider } slider]
        && Math.Abs(Vec3.From(slider.Axis).Normalized().Z) > 0.7
        && benchmark.Zones.Goal.Min[2] > benchmark.Payload.Pose.Position[2];

    /// <summary>Sets the genes of the slider's slot at <paramref name="offset"/> (see <see cref="SearchSpace"/>'s slider platform).</summary>
    public static void Aim(double[] genes, int offset, MotorSpec motor, BenchmarkSpec benchmark, Aabb build, Vec3 envelope, Random random)
    {
        var payload = Vec3.From(benchmark.Payload.Pose.Position);
        var radius = benchmark.Payload.Shape.Type switch
        {
            ShapeKind.Box => Vec3.From(benchmark.Payload.Shape.Size!).Length / 2,
            _ => benchmark.Payload.Shape.Radius ?? 0.02,
        };
        var goal = benchmark.Zones.Goal.ToAabb();
        var (low, high) = (motor.Range[0], motor.Range[1]);
        var thickest = Math.Min(0.03, Math.Min(envelope.X, build.Size.Z));
        var thickness = Math.Clamp(0.025 + (0.002 * Normal(random)), 0.005, thickest);
        genes[offset + 5] = Math.Clamp((thickness - 0.005) / Math.Max(1e-6, Math.Min(0.03, envelope.X) - 0.005), 0, 1);
        var size = build.Size;
        genes[offset + 2] = Math.Clamp((payload.X + (0.005 * Normal(random)) - build.Min.X) / size.X, 0, 1);
        genes[offset + 3] = Math.Clamp((payload.Y + (0.005 * Normal(random)) - build.Min.Y) / size.Y, 0, 1);
        genes[offset + 4] = Math.Clamp((thickness / 2) / size.Z, 0, 1);
        var largest = Math.Min(0.15, envelope.Y);
        genes[offset + 6] = Math.Clamp(((6 * radius) - 0.01) / (largest - 0.01) + (0.1 * Normal(random)), 0, 1);
        genes[offset + 7] = Math.Clamp(((6 * radius) - 0.01) / (largest - 0.01) + (0.1 * Normal(random)), 0, 1);
        var lift = goal.Min.Z + 0.05 - (build.Min.Z + thickness);
        genes[offset + 8] = Math.Clamp(((lift - low) / (high - low)) + (0.05 * Normal(random)), 0, 1);
        genes[offset + 9] = Noisy(0.15, random); // MotorTiming, one motor: starts by about 6 % of the time limit
        genes[offset + 10] = Noisy(0.08, random); // and takes about a tenth of it
    }

    private static double Noisy(double centre, Random random) => Math.Clamp(centre + (0.05 * Normal(random)), 0, 1);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
