namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>evaluations</c>. Times are Unix milliseconds.</summary>
internal sealed class EvaluationEntity
{
    public Guid Id { get; set; }

    public string SuiteId { get; set; } = string.Empty;

    public string SuitePath { get; set; } = string.Empty;

    public string OutDir { get; set; } = string.Empty;

    /// <summary>The configuration names as a JSON array.</summary>
    public string Configurations { get; set; } = "[]";

    public int Repeats { get; set; }

    public int TaskCount { get; set; }

    public string Status { get; set; } = "running";

    public int RunCount { get; set; }

    public int Succeeded { get; set; }

    public decimal CostUsd { get; set; }

    public long CreatedAt { get; set; }

    public long? EndedAt { get; set; }
}
