using Leviathan.Core.Runs;

namespace Leviathan.Agents.Team;

/// <summary>Ends a run from deep inside the orchestration with a status from the taxonomy.</summary>
internal sealed class RunEndedException(RunStatus status, string reason) : Exception(reason)
{
    public RunStatus Status { get; } = status;
}
