namespace Leviathan.Persistence.Evaluations;

/// <summary>How an evaluation judged one of its runs (the same words as the evaluation's results.jsonl).</summary>
/// <param name="EvaluationId">The evaluation.</param>
/// <param name="Judged">Whether the final judgement passed (hidden tests, or every start of <c>bench evaluate</c>); null when it was not judged.</param>
/// <param name="FailureCategory">Why it does not count as a success (<c>none</c> when it does).</param>
/// <param name="JudgeSummary">The judge's one-line summary; null when it was not judged.</param>
public sealed record EvaluationJudgement(Guid EvaluationId, bool? Judged, string FailureCategory, string? JudgeSummary)
{
    /// <summary>The attempt it was (task, configuration and repeat), as the harness tagged the run; null when not known.</summary>
    public string? Item { get; init; }
}
