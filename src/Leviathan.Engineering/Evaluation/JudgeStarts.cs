using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// The payload starts a benchmark is judged at, in order: the evaluator's seeded jitter samples 0 … n − 1, then
/// (with extremes) the nominal start and the corners of the jitter ranges. The one list that <c>bench evaluate</c>,
/// the baseline solver, the generator's proofs and <c>bench check</c> all use, so they agree by construction.
/// </summary>
public static class JudgeStarts
{
    /// <summary>The starts for <paramref name="samples"/> jitter samples, plus the nominal start and the jitter corners when <paramref name="extremes"/>.</summary>
    public static IReadOnlyList<JudgeStart> List(BenchmarkSpec benchmark, int samples, bool extremes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        var starts = Enumerable.Range(0, samples)
            .Select(i => new JudgeStart(i.ToString(CultureInfo.InvariantCulture), SolutionEvaluator.Jitter(benchmark, i)))
            .ToList();
        if (extremes)
        {
            var corners = JitterStarts.Extremes(benchmark);
            starts.Add(new JudgeStart("nominal", corners[0]));
            starts.AddRange(corners.Skip(1).Select((pose, k) => new JudgeStart(string.Create(CultureInfo.InvariantCulture, $"corner {k}"), pose)));
        }

        return starts;
    }

    /// <summary>The starts <c>bench evaluate</c> judges at with these options.</summary>
    public static IReadOnlyList<JudgeStart> List(BenchmarkSpec benchmark, EvaluationOptions options) => List(benchmark, options.Samples, options.Extremes);
}
