using System.ComponentModel;
using Leviathan.Core.Runs;

namespace Leviathan.Server.Runs;

/// <summary>A run, with the field names of <c>leviathan runs list --json</c> and the trace format's header.</summary>
internal sealed record RunResource(
    [property: Description("The run's id (UUID v7, time-ordered).")] Guid RunId,
    [property: Description("The task in the user's words.")] string Goal,
    [property: Description("The team that works on it, e.g. software or physics.")] string Team,
    string? ModelProfile,
    string? Workspace,
    [property: Description("pending, running, succeeded, failed_verification, refused, stuck, budget_exhausted, cancelled or error.")] string Status,
    [property: Description("True when the run is running but its process is gone.")] bool Interrupted,
    string? Reason,
    [property: Description("status == succeeded.")] bool Success,
    Guid? ParentRunId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    RunUsageResource Usage,
    RunBudgetResource Budget,
    IReadOnlyDictionary<string, string> PromptVersions,
    [property: Description("The number of events recorded so far.")] long EventCount)
{
    public static RunResource From(RunRecord run) => new(
        run.Id,
        run.Goal,
        run.Team,
        run.ModelProfile,
        run.Workspace,
        run.Status.ToName(),
        run.Interrupted,
        run.Reason,
        run.Status == RunStatus.Succeeded,
        run.ParentRunId,
        run.CreatedAt,
        run.StartedAt,
        run.EndedAt,
        new RunUsageResource(run.Usage.TokensIn, run.Usage.TokensOut, run.Usage.CostUsd, run.Usage.Steps, (long)run.Usage.WallTime.TotalMilliseconds),
        new RunBudgetResource(run.Budget.MaxTokens, run.Budget.MaxCostUsd, run.Budget.MaxSteps, run.Budget.MaxWallTime is { } wall ? (long)wall.TotalMilliseconds : null),
        run.PromptVersions,
        run.EventCount);
}
