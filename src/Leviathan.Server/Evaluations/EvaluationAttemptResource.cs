using System.ComponentModel;

namespace Leviathan.Server.Evaluations;

/// <summary>One attempt of an evaluation as results.jsonl records it: a task × configuration × repeat, its run and its verdict.</summary>
internal sealed record EvaluationAttemptResource(
    string Task,
    string Configuration,
    [property: Description("1 to repeat.")] int Repeat,
    [property: Description("The attempt's run (GET /v1/runs/{run_id}); null when it ended before its run was created.")] Guid? RunId,
    [property: Description("The run's status (succeeded, failed_verification, …).")] string Status,
    [property: Description("Whether the hidden tests passed when the finished workspace was judged; null when it was not judged.")] bool? Judged,
    [property: Description("none (resolved), wrong_fix (not resolved), infrastructure (the attempt could not run or be judged; not counted in the rate) or cancelled.")] string FailureCategory,
    string? Reason,
    [property: Description("The judge's account of the hidden tests, when judged.")] string? JudgeSummary,
    long TokensIn,
    long TokensOut,
    decimal CostUsd,
    int Steps,
    double WallSeconds);
