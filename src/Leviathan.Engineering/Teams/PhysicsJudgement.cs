using System.Globalization;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Teams;

/// <summary>The orchestrator's judgement of a final solution folder.</summary>
/// <param name="Solution">The solution as read; null when it could not be.</param>
/// <param name="Report">The full evaluation; null when the solution could not be evaluated.</param>
/// <param name="Unusable">Why the folder holds no solution that can be evaluated; null when it could be.</param>
public sealed record PhysicsJudgement(SolutionSpec? Solution, EvaluationReport? Report, string? Unusable)
{
    /// <summary>Whether the solution passes every check from every start.</summary>
    public bool Success => Report?.Success == true;

    /// <summary>One line: passed, or how many starts passed and the reason codes.</summary>
    public string Summary => Report is not { } report
        ? $"not evaluated: {Unusable}"
        : report.Success
            ? string.Create(CultureInfo.InvariantCulture, $"passed: all {report.StartsDrawn} starts and every check (bench evaluate)")
            : string.Create(CultureInfo.InvariantCulture, $"failed: {report.StartsPassed} of {report.StartsDrawn} starts pass; {string.Join(", ", report.Reasons.Select(r => r.Code).Distinct(StringComparer.Ordinal))} (bench evaluate)");
}
