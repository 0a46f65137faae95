using Leviathan.Core.Runs;

namespace Leviathan.Agents.Team;

/// <summary>What one team run is asked to do, and its limits.</summary>
public sealed record TeamOptions
{
    /// <summary>The task in the user's words.</summary>
    public required string Goal { get; init; }

    /// <summary>The absolute workspace folder.</summary>
    public required string Workspace { get; init; }

    /// <summary>The shell command that proves success (run by the orchestrator in the sandbox); null = none.</summary>
    public string? VerifyCommand { get; init; }

    /// <summary>The model profile the roles route to by default, as recorded on the run.</summary>
    public string? ModelProfile { get; init; }

    /// <summary>Tokens, money, steps (model turns of all roles) and wall-clock time.</summary>
    public RunBudget Budget { get; init; } = RunBudget.Unlimited;

    /// <summary>The planner re-reads progress every this many engineer steps (0 = only after failures).</summary>
    public int PlannerRecheckEvery { get; init; } = 8;

    /// <summary>Consecutive failed engineer steps after which the planner re-reads progress.</summary>
    public int FailuresBeforeRecheck { get; init; } = 3;

    /// <summary>Failed verifications after which the run ends as failed_verification.</summary>
    public int MaxVerifyAttempts { get; init; } = 3;

    /// <summary>Critic rejections after which the run ends as failed_verification.</summary>
    public int MaxCriticRejections { get; init; } = 2;

    /// <summary>Model turns the planner or critic may take for one task before giving up.</summary>
    public int MaxTurnsPerConsultation { get; init; } = 6;

    /// <summary>How often a stuck pattern must repeat before the orchestrator reacts.</summary>
    public int StuckThreshold { get; init; } = 3;

    /// <summary>The verification command's wall-clock limit.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Characters of verification output kept for the engineer and critic.</summary>
    public int MaxVerifyOutputChars { get; init; } = 8_000;

    /// <summary>Images a role's conversation keeps (renders, filmstrip frames); older ones are replaced by a note naming the artifact.</summary>
    public int KeepImages { get; init; } = Loop.ContextTrimmer.KeepRecentImages;

    /// <summary>
    /// A shell line run in the sandbox before any agent, with the network (dependency restore: <c>npm ci</c>,
    /// <c>pip install -e .</c>, <c>dotnet restore</c>); a failure ends the run <c>error</c> before any model call.
    /// </summary>
    public string? SetupCommand { get; init; }

    /// <summary>The setup command's wall-clock limit.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the agents' commands may reach the network (each call still goes through the policy gate).</summary>
    public bool Network { get; init; }

    /// <summary>The run this one replays or resumes.</summary>
    public Guid? ParentRunId { get; init; }

    /// <summary>The reason a run ends with when its cancellation token fires (who cancelled it, and how); null = Ctrl-C.</summary>
    public Func<string>? CancelReason { get; init; }

    /// <summary>The reason of a cancelled run.</summary>
    internal string CancelledBecause() => CancelReason?.Invoke() ?? "cancelled by the user (Ctrl-C)";
}
