namespace Leviathan.Engineering.Generation;

/// <summary>How a benchmark is proven valid, non-trivial and solvable.</summary>
public sealed record VerificationOptions
{
    /// <summary>Jitter samples in which the payload, left alone, must miss the objective (the first ones are the evaluator's).</summary>
    public int TrivialitySamples { get; init; } = 5;

    /// <summary>Jitter samples in which the reference solution must succeed (the evaluator's samples).</summary>
    public int SolutionSamples { get; init; } = 3;

    /// <summary>Physics steps the validator runs looking for instability.</summary>
    public int ValidationFrames { get; init; } = 500;
}
