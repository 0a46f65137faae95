using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Generation;

/// <summary>The re-verification of a generated benchmark folder from its files alone.</summary>
public sealed record CheckReport
{
    public required string Benchmark { get; init; }

    public required Verdict Valid { get; init; }

    public required Verdict NonTrivial { get; init; }

    /// <summary>The reference solution's evaluation; null when the benchmark was not valid enough to evaluate it.</summary>
    public EvaluationReport? Reference { get; init; }

    public bool Passed => Valid.Passed && NonTrivial.Passed && Reference?.Success == true;
}
