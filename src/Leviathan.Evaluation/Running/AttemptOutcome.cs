using Leviathan.Core.Runs;

namespace Leviathan.Evaluation.Running;

/// <summary>How one run ended, as the harness needs it.</summary>
/// <param name="RunId">The run in the trace store.</param>
/// <param name="Status">Its terminal status.</param>
/// <param name="Reason">Why it ended so.</param>
/// <param name="Usage">Tokens, cost, steps and wall time.</param>
/// <param name="AgentVerified">Whether the task's visible <c>verify</c> command passed at the run's last verification.</param>
public sealed record AttemptOutcome(Guid RunId, RunStatus Status, string Reason, RunUsage Usage, bool AgentVerified)
{
    /// <summary>The SHA-256 of the run's diff artifact (<c>run.patch</c>); null when it changed nothing.</summary>
    public string? PatchSha256 { get; init; }
}
