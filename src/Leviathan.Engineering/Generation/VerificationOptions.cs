namespace Leviathan.Engineering.Generation;

/// <summary>How a benchmark is proven valid, non-trivial and solvable.</summary>
public sealed record VerificationOptions
{
    /// <summary>
    /// Random jitter samples in which the payload, left alone, must miss the objective: the evaluator's own seeded
    /// samples 0 … n − 1, drawn from the benchmark's jitter ranges. Must be at least <see cref="SolutionSamples"/>
    /// so that every sample a solution is judged under is covered. Default: the evaluator's (8).
    /// </summary>
    public int TrivialitySamples { get; init; } = Evaluation.EvaluationOptions.DefaultSamples;

    /// <summary>
    /// Also run the nominal start and the extremes of the jitter ranges (every corner of the jitter box when at most
    /// four axes are jittered, i.e. at most 16 extra runs). Default on.
    /// </summary>
    public bool TrivialityExtremes { get; init; } = true;

    /// <summary>
    /// Jitter samples in which the reference solution must succeed; with the nominal start and the jitter corners
    /// these are the starts <c>bench evaluate</c> judges by default (<see cref="Evaluation.JudgeStarts"/>), so a
    /// kept reference passes <c>bench evaluate</c> as it is. Default: the evaluator's.
    /// </summary>
    public int SolutionSamples { get; init; } = Evaluation.EvaluationOptions.DefaultSamples;

    /// <summary>Physics steps the validator runs looking for instability.</summary>
    public int ValidationFrames { get; init; } = 500;
}
