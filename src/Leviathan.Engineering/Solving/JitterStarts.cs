using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Solving;

/// <summary>Payload start poses drawn from a benchmark's jitter ranges.</summary>
internal static class JitterStarts
{
    /// <summary>Most corners taken from the jitter box (2^k for k jittered axes, at most 2^<see cref="MaxCornerAxes"/>).</summary>
    public const int MaxCornerAxes = 4;

    /// <summary>The evaluator's samples 0 … count − 1 (the same seeded draws <see cref="SolutionEvaluator"/> uses).</summary>
    public static IReadOnlyList<Pose> Evaluator(BenchmarkSpec benchmark, int count) =>
        Enumerable.Range(0, count).Select(i => SolutionEvaluator.Jitter(benchmark, i)).ToList();

    /// <summary>
    /// The nominal start and the extremes of the jitter ranges: every corner of the box spanned by the jittered
    /// axes (position and rotation half-ranges) when there are at most <see cref="MaxCornerAxes"/> of them; otherwise
    /// the corners of the position box, each paired with the rotation offset at its lower and at its upper extreme.
    /// </summary>
    public static IReadOnlyList<Pose> Extremes(BenchmarkSpec benchmark) => Extremes(benchmark.Payload);

    /// <summary>
    /// The nominal start and the jitter extremes of every payload together: start k puts each payload at its own
    /// extreme k (<see cref="Extremes(PayloadSpec)"/>; k modulo their number for a payload with fewer), so start 0 is
    /// the nominal start of all and the corners of payloads jittered on the same axes are taken in step.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Pose>> ExtremeSets(BenchmarkSpec benchmark)
    {
        var each = benchmark.AllPayloads().Select(Extremes).ToList();
        var count = each.Max(e => e.Count);
        return Enumerable.Range(0, count).Select(k => (IReadOnlyList<Pose>)each.Select(e => e[k % e.Count]).ToList()).ToList();
    }

    /// <summary>One payload's nominal start and the extremes of its jitter ranges (see <see cref="Extremes(BenchmarkSpec)"/>).</summary>
    public static IReadOnlyList<Pose> Extremes(PayloadSpec payload)
    {
        var jitter = payload.Jitter;
        var nominal = payload.Pose.ToPose();
        var axes = Enumerable.Range(0, 6).Where(i => (i < 3 ? jitter.Position[i] : jitter.Rotation[i - 3]) > 0).ToList();
        var starts = new List<Pose> { nominal };
        if (axes.Count == 0)
        {
            return starts;
        }

        var offsets = new List<double[]>();
        if (axes.Count <= MaxCornerAxes)
        {
            for (var mask = 0; mask < 1 << axes.Count; mask++)
            {
                var o = new double[6];
                for (var b = 0; b < axes.Count; b++)
                {
                    o[axes[b]] = (mask & (1 << b)) == 0 ? -1 : 1;
                }

                offsets.Add(o);
            }
        }
        else
        {
            var position = axes.Where(a => a < 3).ToList();
            var rotation = axes.Where(a => a >= 3).ToList();
            for (var mask = 0; mask < 1 << position.Count; mask++)
            {
                foreach (var sign in new[] { -1.0, 1.0 })
                {
                    var o = new double[6];
                    for (var b = 0; b < position.Count; b++)
                    {
                        o[position[b]] = (mask & (1 << b)) == 0 ? -1 : 1;
                    }

                    rotation.ForEach(r => o[r] = sign);
                    offsets.Add(o);
                }
            }
        }

        foreach (var o in offsets)
        {
            var shift = new Vec3(o[0] * jitter.Position[0], o[1] * jitter.Position[1], o[2] * jitter.Position[2]);
            var turn = new Vec3(o[3] * jitter.Rotation[0], o[4] * jitter.Rotation[1], o[5] * jitter.Rotation[2]);
            starts.Add(new Pose(nominal.Position + shift, Rotation.FromOpenScadEuler(turn) * nominal.Rotation));
        }

        return starts;
    }
}
