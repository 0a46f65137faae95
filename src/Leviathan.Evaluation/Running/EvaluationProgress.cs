namespace Leviathan.Evaluation.Running;

/// <summary>Where an evaluation stands.</summary>
/// <param name="Total">Attempts in the evaluation.</param>
/// <param name="Done">Attempts with a result (kept from before included).</param>
/// <param name="Running">Attempts running now.</param>
/// <param name="Judging">Attempts whose run has ended, waiting for a judge or being judged.</param>
/// <param name="Succeeded">Attempts judged resolved so far.</param>
/// <param name="Infrastructure">Attempts lost to infrastructure faults so far.</param>
/// <param name="CostUsd">Model cost so far.</param>
/// <param name="Eta">Estimated time to the end; null until an attempt of this session has ended.</param>
/// <param name="Finished">The attempt that just ended; null when one just started.</param>
public sealed record EvaluationProgress(int Total, int Done, int Running, int Judging, int Succeeded, int Infrastructure, decimal CostUsd, TimeSpan? Eta, Results.AttemptResult? Finished);
