using Leviathan.Core.Runs;
using Leviathan.Evaluation.Configurations;

namespace Leviathan.Evaluation.Running;

/// <summary>One run the harness asks for: a task's goal in a fresh workspace, under a configuration, tagged with the evaluation.</summary>
public sealed record AttemptRequest
{
    /// <summary>Which attempt of the evaluation this is.</summary>
    public required AttemptKey Key { get; init; }

    /// <summary>The evaluation the run belongs to (its tag in the trace store).</summary>
    public required Guid EvaluationId { get; init; }

    /// <summary>The task's goal, as the agents are told.</summary>
    public required string Goal { get; init; }

    /// <summary>The absolute workspace, holding the task's starting files only.</summary>
    public required string Workspace { get; init; }

    /// <summary>The command the agents may run to check their work; null for none.</summary>
    public string? VerifyCommand { get; init; }

    /// <summary>A setup command run in the sandbox before the agents; null for none.</summary>
    public string? SetupCommand { get; init; }

    /// <summary>The run's limits (the task's, with the configuration's over them).</summary>
    public required RunBudget Budget { get; init; }

    /// <summary>What the configuration changes (models, prompts, sandbox kind, switches).</summary>
    public required EvaluationConfiguration Configuration { get; init; }

    /// <summary>Paths the run's sandbox must hide (the task pack with its hidden tests and reference fixes, git sources).</summary>
    public required IReadOnlyList<string> HiddenPaths { get; init; }

    /// <summary>The team that attempts it; null for the launcher's own (the software team).</summary>
    public Agents.Team.TeamDefinition? Team { get; init; }

    /// <summary>Told the run's id as soon as the run exists in the store; null = nobody listens.</summary>
    public Action<Guid>? OnRunCreated { get; init; }
}
