using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The baseline solver's parametric design space, derived from the benchmark alone. Each gene is in [0, 1].
/// <list type="bullet">
/// <item>Without motors: one plank (a ramp, wall or block depending on its size and tilt) fixed to the world —
/// 8 genes: centre x, y, z in the build zone, length, width, thickness, tilt about Y (±45°) and turn about Z (±30°).</item>
/// <item>Per motor: one block riding on it (a pusher plate on a slider, a lifting platform, a lever on a hinge) —
/// 10 genes: centre x, y, z in the build zone, three edge lengths, tilt about Y (±20°), and a ramp control
/// from 0 to a target in the motor's range, with start time and duration within the time limit.
/// A motor the solution places is anchored at its block's centre.</item>
/// </list>
/// Decoding repairs a candidate so that its bounding box lies inside the build zone (it shrinks, then shifts
/// the part); sizes are capped by the largest piece the chosen process can make.
/// </summary>
internal sealed class SearchSpace
{
    private const int PlankGenes = 8;
    private const int MotorGenes = 10;
    private readonly BenchmarkSpec _benchmark;
    private readonly Aabb _build;
    private readonly double _maxSide;

    public SearchSpace(BenchmarkSpec benchmark, double maxSide)
    {
        _benchmark = benchmark;
        _build = benchmark.Zones.Build.ToAabb();
        _maxSide = maxSide;
        Dimensions = benchmark.Motors.Count == 0 ? PlankGenes : MotorGenes * benchmark.Motors.Count;
    }

    public int Dimensions { get; }

    public Candidate Decode(IReadOnlyList<double> genes)
    {
        var parts = new List<CandidatePart>();
        var anchors = new List<MotorAnchorSpec>();
        var controls = new List<ControlSpec>();
        var zone = _build.Size;
        if (_benchmark.Motors.Count == 0)
        {
            var g = genes;
            var diagonal = Math.Sqrt((zone.X * zone.X) + (zone.Z * zone.Z));
            var size = new Vec3(Lerp(0.03, Math.Min(diagonal, _maxSide), g[3]), Lerp(0.02, Math.Min(zone.Y, _maxSide), g[4]), Lerp(0.006, 0.03, g[5]));
            var rotation = new Vec3(0, Lerp(-45, 45, g[6]), Lerp(-30, 30, g[7]));
            parts.Add(Fit("plank", size, Point(g[0], g[1], g[2]), rotation, "world"));
        }
        else
        {
            for (var m = 0; m < _benchmark.Motors.Count; m++)
            {
                var motor = _benchmark.Motors[m];
                var g = genes.Skip(m * MotorGenes).Take(MotorGenes).ToArray();
                var size = new Vec3(Lerp(0.01, Math.Min(zone.X, _maxSide), g[3]), Lerp(0.01, Math.Min(zone.Y, _maxSide), g[4]), Lerp(0.005, Math.Min(zone.Z, _maxSide), g[5]));
                var part = Fit(motor.Name + "-block", size, Point(g[0], g[1], g[2]), new Vec3(0, Lerp(-20, 20, g[6]), 0), motor.Name);
                parts.Add(part);
                if (motor.Placement == MotorPlacement.Solution)
                {
                    anchors.Add(new MotorAnchorSpec { Name = motor.Name, Anchor = Round(part.Position).ToArray() });
                }

                var time = _benchmark.Objective.TimeLimit;
                var start = Math.Round(Lerp(0, 0.4 * time, g[8]), 3);
                controls.Add(new ControlSpec
                {
                    Motor = motor.Name,
                    Profile = ControlProfileKind.Ramp,
                    From = 0,
                    To = Math.Round(Lerp(motor.Range[0], motor.Range[1], g[7]), 4),
                    Start = start,
                    Duration = Math.Round(Lerp(0.05 * time, 0.95 * time - start, g[9]), 3),
                });
            }
        }

        return new Candidate(parts, anchors, controls);
    }

    private Vec3 Point(double x, double y, double z) => new(Lerp(_build.Min.X, _build.Max.X, x), Lerp(_build.Min.Y, _build.Max.Y, y), Lerp(_build.Min.Z, _build.Max.Z, z));

    /// <summary>Shrinks the box until its world bounding box fits the build zone (with a 0.5 mm margin), then shifts it inside.</summary>
    private CandidatePart Fit(string name, Vec3 size, Vec3 centre, Vec3 rotation, string mount)
    {
        var turn = Rotation.FromOpenScadEuler(rotation);
        var zone = _build.Size - new Vec3(0.001, 0.001, 0.001);
        var half = HalfExtent(size, turn);
        var scale = Math.Min(1, Math.Min(zone.X / (2 * half.X), Math.Min(zone.Y / (2 * half.Y), zone.Z / (2 * half.Z))));
        size = Round(size * scale);
        half = HalfExtent(size, turn);
        var margin = new Vec3(0.0005, 0.0005, 0.0005);
        var low = _build.Min + half + margin;
        var high = _build.Max - half - margin;
        centre = new Vec3(Clamp(centre.X, low.X, high.X), Clamp(centre.Y, low.Y, high.Y), Clamp(centre.Z, low.Z, high.Z));
        return new CandidatePart(name, size, Round(centre), new Vec3(Math.Round(rotation.X, 2), Math.Round(rotation.Y, 2), Math.Round(rotation.Z, 2)), mount);
    }

    internal static Vec3 HalfExtent(Vec3 size, Rotation turn)
    {
        var m = turn.ToMatrix();
        var h = size / 2;
        double Axis(int i) => (Math.Abs(m[i, 0]) * h.X) + (Math.Abs(m[i, 1]) * h.Y) + (Math.Abs(m[i, 2]) * h.Z);
        return new Vec3(Axis(0), Axis(1), Axis(2));
    }

    private static double Clamp(double value, double low, double high) => low > high ? (low + high) / 2 : Math.Clamp(value, low, high);

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    private static Vec3 Round(Vec3 v) => new(Math.Round(v.X, 5), Math.Round(v.Y, 5), Math.Round(v.Z, 5));
}
