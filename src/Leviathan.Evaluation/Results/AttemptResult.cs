using Leviathan.Evaluation.Running;

namespace Leviathan.Evaluation.Results;

/// <summary>One line of <c>results.jsonl</c>: one run of one task under one configuration.</summary>
public sealed record AttemptResult
{
    /// <summary>The task.</summary>
    public required string Task { get; init; }

    /// <summary>The configuration's name.</summary>
    public required string Configuration { get; init; }

    /// <summary>Which attempt (from 1).</summary>
    public required int Repeat { get; init; }

    /// <summary>The run in the trace store; null when no run was created (infrastructure failure before it).</summary>
    public Guid? RunId { get; init; }

    /// <summary>The run's terminal status (or <c>error</c> when none was created).</summary>
    public required string Status { get; init; }

    /// <summary>Whether the hidden tests passed (SWE-bench's "resolved"); null when the attempt was not judged (infrastructure fault, cancelled).</summary>
    public bool? Judged { get; init; }

    /// <summary>Whether the task's visible verify command passed at the run's last verification.</summary>
    public bool AgentVerified { get; init; }

    /// <summary>Model tokens in.</summary>
    public long TokensIn { get; init; }

    /// <summary>Model tokens out.</summary>
    public long TokensOut { get; init; }

    /// <summary>Model cost in US dollars.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Agent steps.</summary>
    public int Steps { get; init; }

    /// <summary>The run's wall time in seconds.</summary>
    public double WallSeconds { get; init; }

    /// <summary>The judge's wall time in seconds.</summary>
    public double JudgeSeconds { get; init; }

    /// <summary>See <see cref="Running.FailureCategory"/>.</summary>
    public required string FailureCategory { get; init; }

    /// <summary>The run's reason, or what went wrong.</summary>
    public string? Reason { get; init; }

    /// <summary>The judge's one-line summary; null when not judged.</summary>
    public string? JudgeSummary { get; init; }

    /// <summary>The SHA-256 of the run's <c>run.patch</c> artifact; null when it changed nothing.</summary>
    public string? PatchSha256 { get; init; }

    /// <summary>The key of the attempt.</summary>
    public AttemptKey Key => new(Task, Configuration, Repeat);

    /// <summary>Whether it counts as a success.</summary>
    public bool Succeeded => Judged == true;

    /// <summary>Whether it counts in success rates (not an infrastructure fault, not cancelled).</summary>
    public bool Counts => Running.FailureCategory.Counts(FailureCategory);
}
