using Leviathan.Agents.Team;
using Leviathan.Core.Tracing;
using Leviathan.Models.Profiles;
using Leviathan.Models.Resilience;
using Leviathan.Tools.Sandbox;
using Microsoft.Extensions.Logging;

namespace Leviathan.Agents.Launching;

/// <summary>
/// One run to launch: the team, the task and its limits, where the roles' models come from, the sandbox, the policy and
/// who watches. Models come from exactly one of: <see cref="Models"/> (given role models), <see cref="ReplayCassette"/>,
/// or the profiles (<see cref="Profiles"/>, else <see cref="Catalog"/> with <see cref="Profile"/>).
/// </summary>
public sealed record RunRequest
{
    /// <summary>The task (goal, workspace, verification, setup, network) and its limits (<see cref="TeamOptions.Budget"/>).</summary>
    public required TeamOptions Options { get; init; }

    /// <summary>The team; null = the software team.</summary>
    public TeamDefinition? Team { get; init; }

    /// <summary>The model profiles and role routes.</summary>
    public ModelCatalog? Catalog { get; init; }

    /// <summary>The profile every role uses; null = each role's route in <see cref="Catalog"/>.</summary>
    public string? Profile { get; init; }

    /// <summary>The profile of each role, instead of <see cref="Catalog"/>.</summary>
    public Func<string, ModelProfile>? Profiles { get; init; }

    /// <summary>Serve the models' side from this recorded cassette; no model server is contacted.</summary>
    public string? ReplayCassette { get; init; }

    /// <summary>Record every model exchange to this cassette.</summary>
    public string? RecordCassette { get; init; }

    /// <summary>The role models to use as they are (e.g. replaying a recorded trace); null = from the profiles or the cassette.</summary>
    public Func<string, TeamRoleModel>? Models { get; init; }

    /// <summary>Resuming: the earlier run's events, whose completed steps are redone with their recorded answers before the model takes over.</summary>
    public IReadOnlyList<TraceEvent>? Resume { get; init; }

    /// <summary>The sandbox the commands run in; its Leviathan home defaults to the launcher's.</summary>
    public SandboxOptions Sandbox { get; init; } = new();

    /// <summary>A policy file for this run, on top of the built-in rules, the home's <c>config.yaml</c> and the workspace's tighten-only policy.</summary>
    public string? PolicyFile { get; init; }

    /// <summary>Confirm rules approved by id; calls other confirm rules hold back are refused.</summary>
    public IReadOnlyList<string> ApproveRules { get; init; } = [];

    /// <summary>Approve every call a confirm rule holds back.</summary>
    public bool ApproveAll { get; init; }

    /// <summary>Take a workspace checkpoint before each mutating call (the reviewer's diff, <c>run.patch</c>, resume).</summary>
    public bool Snapshots { get; init; } = true;

    /// <summary>Receives live progress; null = silent.</summary>
    public Action<TeamProgress>? Progress { get; init; }

    /// <summary>Told the run id as soon as the run exists, before any model call.</summary>
    public Action<Guid>? OnCreated { get; init; }

    /// <summary>Told each retry of a model call.</summary>
    public Action<ModelRetryInfo>? OnRetry { get; init; }

    /// <summary>Logs of the model clients; null = none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
