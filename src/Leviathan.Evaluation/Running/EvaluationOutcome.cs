using Leviathan.Evaluation.Results;

namespace Leviathan.Evaluation.Running;

/// <summary>How an evaluation ended.</summary>
/// <param name="EvaluationId">The evaluation id.</param>
/// <param name="Results">Every attempt's result so far (kept ones included), one per attempt.</param>
/// <param name="Cancelled">Whether it was stopped before every attempt had ended.</param>
/// <param name="Started">Attempts this invocation started.</param>
/// <param name="Kept">Finished attempts kept from before (<c>--resume</c>).</param>
public sealed record EvaluationOutcome(Guid EvaluationId, IReadOnlyList<AttemptResult> Results, bool Cancelled, int Started, int Kept);
