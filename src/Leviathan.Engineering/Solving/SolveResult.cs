using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Solving;

/// <summary>What the solver found: the best candidate's full evaluation (when one passed screening) and search figures.</summary>
public sealed record SolveResult
{
    public bool Solved => Evaluation?.Success == true;

    /// <summary>The full evaluation of the written solution; null when no candidate passed screening.</summary>
    public EvaluationReport? Evaluation { get; init; }

    /// <summary>Best screening score: 0 = met the objective in every sample; otherwise the worst miss in metres (+10 when a check failed first).</summary>
    public required double BestScore { get; init; }

    public required int CandidatesScreened { get; init; }

    public required int FullEvaluations { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Why the search stopped without a solution, when it did.</summary>
    public string? Failure { get; init; }
}
