using Leviathan.Core.Runs;

namespace Leviathan.Agents.Team;

/// <summary>How a run ended.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">The terminal status from the taxonomy.</param>
/// <param name="Reason">Why it ended so.</param>
/// <param name="Usage">Tokens, cost, steps and wall time.</param>
/// <param name="FilesChanged">Workspace files the run changed.</param>
/// <param name="Verification">The last verification result in words (passed, failed with exit N, not run).</param>
public sealed record TeamOutcome(
    Guid RunId,
    RunStatus Status,
    string Reason,
    RunUsage Usage,
    IReadOnlyList<string> FilesChanged,
    string Verification)
{
    /// <summary>The SHA-256 of the run's <c>run.patch</c> artifact (its whole diff); null when it changed nothing.</summary>
    public string? PatchSha256 { get; init; }
}
