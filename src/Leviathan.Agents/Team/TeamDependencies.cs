using Leviathan.Models.Accounting;
using Leviathan.Persistence.Tracing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Policy;

namespace Leviathan.Agents.Team;

/// <summary>What a team run works with.</summary>
public sealed record TeamDependencies
{
    /// <summary>Where the run and its events are recorded.</summary>
    public required TraceStore Store { get; init; }

    /// <summary>The model of each role (planner, engineer, critic).</summary>
    public required Func<string, TeamRoleModel> Models { get; init; }

    /// <summary>Runs commands (run_command and verification) in the sandbox.</summary>
    public required ICommandRunner Commands { get; init; }

    /// <summary>Judges every tool call.</summary>
    public required PolicyGate Gate { get; init; }

    /// <summary>The run's model usage and budget guard, shared by the role clients.</summary>
    public required ModelUsageLedger Ledger { get; init; }

    /// <summary>
    /// The Leviathan home. Host-side state about the workspace (snapshot repository, TODO copy) is kept under
    /// <c>&lt;home&gt;/workspaces/&lt;key&gt;/</c>, never inside the workspace, where sandboxed commands could change it.
    /// </summary>
    public required string Home { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives live progress; null = silent.</summary>
    public Action<TeamProgress>? Progress { get; init; }

    /// <summary>Take a workspace checkpoint before each mutating call (diffs for the critic and rollback).</summary>
    public bool Snapshots { get; init; } = true;
}
