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
    long EventCount);
