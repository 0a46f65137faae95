using Leviathan.Agents.Team;

namespace Leviathan.Cli.Commands;

/// <summary>How a team run reaches its model and approvals: a profile, a cassette to replay or record, or given role models (replay of a trace).</summary>
internal sealed record TeamLaunch(string? Profile, string? ReplayCassette, string? RecordCassette, bool ApproveAll)
{
    /// <summary>Role models to use instead of profiles (replaying a recorded trace); null = from configuration.</summary>
    public Func<string, TeamRoleModel>? Models { get; init; }

    /// <summary>Resuming: the dead run's events, whose completed steps are redone with their recorded answers before the model takes over.</summary>
    public IReadOnlyList<Leviathan.Core.Tracing.TraceEvent>? Resume { get; init; }

    /// <summary>Confirm rules approved by id (<c>--approve RULE</c>); calls other confirm rules hold back are refused.</summary>
    public IReadOnlyList<string> ApproveRules { get; init; } = [];

    /// <summary>A policy file the user gave for this run (<c>--policy</c>); null = none.</summary>
    public string? PolicyFile { get; init; }

    /// <summary>Says where the model's answers come from, when <see cref="Models"/> is set.</summary>
    public string? ModelDescription { get; init; }

    /// <summary>Limits given on the command line (null fields: not given); they beat every other source.</summary>
    public Leviathan.Core.Runs.RunBudget? Limits { get; init; }

    /// <summary>
    /// True for a new run: limits not given come from the profile's <c>budget</c>, else the built-in defaults. False (resume,
    /// replay): they come from the run's own budget (<see cref="TeamOptions.Budget"/>), named <see cref="LimitSource"/>.
    /// </summary>
    public bool ProfileLimits { get; init; }

    /// <summary>How the header names the limits taken from <see cref="TeamOptions.Budget"/>.</summary>
    public string LimitSource { get; init; } = "the run's own";

    /// <summary>The team; null = the software team.</summary>
    public TeamDefinition? Team { get; init; }

    /// <summary>What the header says under <c>verify:</c> for a team that proves its work without a shell command; null = the verification command.</summary>
    public string? VerifyDescription { get; init; }

    /// <summary>Commit the run's changes in the workspace's git repository when it succeeds (<c>--commit</c>).</summary>
    public bool Commit { get; init; }

    /// <summary>Print the run's summary as one JSON object on stdout (<c>--json</c>) instead of the table.</summary>
    public bool Json { get; init; }

    /// <summary>Print the run's summary at all; false when the command prints its own result (<c>runs replay --json</c>).</summary>
    public bool Summary { get; init; } = true;
}
