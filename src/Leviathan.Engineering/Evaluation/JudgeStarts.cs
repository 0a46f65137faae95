using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// The payload starts a benchmark is judged at (each payload's, with several), in order: the evaluator's seeded jitter samples 0 … n − 1, then
/// (with extremes) the nominal start and the corners of the jitter ranges. The one list that <c>bench evaluate</c>,
/// the baseline solver, the generator's proofs and <c>bench check</c> all use, so they agree by construction.
/// </summary>
public static class JudgeStarts
{
    /// <summary>The starts for <paramref name="samples"/> jitter samples, plus the nominal start and the jitter corners when <paramref name="extremes"/>.</summary>
    public static IReadOnlyList<JudgeStart> List(BenchmarkSpec benchmark, int samples, bool extremes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        var payloads = benchmark.AllPayloads().Count;
        var starts = Enumerable.Range(0, samples)
            .Select(i => Start(i.ToString(CultureInfo.InvariantCulture), Enumerable.Range(0, payloads).Select(p => SolutionEvaluator.Jitter(benchmark, p, i)).ToList()))
            .ToList();
        if (extremes)
        {
            var corners = JitterStarts.ExtremeSets(benchmark);
            starts.Add(Start("nominal", corners[0]));
            starts.AddRange(corners.Skip(1).Select((poses, k) => Start(string.Create(CultureInfo.InvariantCulture, $"corner {k}"), poses)));
        }

        return starts;
    }

    private static JudgeStart Start(string label, IReadOnlyList<Pose> poses) => new(label, poses[0]) { Others = [.. poses.Skip(1)] };

    /// <summary>The starts <c>bench evaluate</c> judges at with these options.</summary>
    public static IReadOnlyList<JudgeStart> List(BenchmarkSpec benchmark, EvaluationOptions options) => List(benchmark, options.Samples, options.Extremes);
}
