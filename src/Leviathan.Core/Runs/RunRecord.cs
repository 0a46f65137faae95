namespace Leviathan.Core.Runs;

/// <summary>A run as stored: what it was asked, how it ended, what it used.</summary>
public sealed record RunRecord(
    Guid Id,
    string Goal,
    string Team,
    string? ModelProfile,
    string? Workspace,
    RunStatus Status,
    string? Reason,
    RunBudget Budget,
    RunUsage Usage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    Guid? ParentRunId,
    IReadOnlyDictionary<string, string> PromptVersions,
    long EventCount)
{
    /// <summary>The process that last started the run; null for runs recorded before owners were.</summary>
    public RunOwner? Owner { get; init; }

    /// <summary>
    /// The run is stored as <see cref="RunStatus.Running"/> (or <see cref="RunStatus.Pending"/>) but its owner process is gone (killed, crashed, the machine
    /// rebooted): nothing is working on it any more, and <c>runs resume</c> can continue it. Derived when the run is read,
    /// never stored: the stored taxonomy is for runs that ended, and an interrupted run has not ended.
    /// </summary>
    public bool Interrupted { get; init; }

    /// <summary>The status to show: <c>interrupted</c> for an interrupted run, else the stored status's name.</summary>
    public string DisplayStatus => Interrupted ? InterruptedName : Status.ToName();

    /// <summary>The name shown for an interrupted run.</summary>
    public const string InterruptedName = "interrupted";
}
