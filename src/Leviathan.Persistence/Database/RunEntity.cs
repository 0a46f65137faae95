namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>runs</c>. Times are Unix milliseconds, so every provider stores and sorts them alike.</summary>
internal sealed class RunEntity
{
    public Guid Id { get; set; }

    public string Goal { get; set; } = string.Empty;

    public string Team { get; set; } = string.Empty;

    public string? ModelProfile { get; set; }

    public string? Workspace { get; set; }

    public string Status { get; set; } = "pending";

    public string? Reason { get; set; }

    public long? BudgetTokens { get; set; }

    public decimal? BudgetCostUsd { get; set; }

    public int? BudgetSteps { get; set; }

    public long? BudgetWallMs { get; set; }

    public long TokensIn { get; set; }

    public long TokensOut { get; set; }

    public decimal CostUsd { get; set; }

    public int Steps { get; set; }

    public long WallMs { get; set; }

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? EndedAt { get; set; }

    public Guid? ParentRunId { get; set; }

    public string PromptVersions { get; set; } = "{}";

    public string? OwnerHost { get; set; }

    public int? OwnerPid { get; set; }

    public string? OwnerStart { get; set; }

    public Guid? EvaluationId { get; set; }

    public string? EvaluationItem { get; set; }

    public bool? EvaluationJudged { get; set; }

    public string? EvaluationCategory { get; set; }

    public string? EvaluationJudgeSummary { get; set; }
}
