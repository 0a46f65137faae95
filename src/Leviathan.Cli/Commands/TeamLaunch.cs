using Leviathan.Agents.Team;

namespace Leviathan.Cli.Commands;

/// <summary>How a team run reaches its model and approvals: a profile, a cassette to replay or record, or given role models (replay of a trace).</summary>
internal sealed record TeamLaunch(string? Profile, string? ReplayCassette, string? RecordCassette, bool ApproveAll)
{
    /// <summary>Role models to use instead of profiles (replaying a recorded trace); null = from configuration.</summary>
    public Func<string, TeamRoleModel>? Models { get; init; }

    /// <summary>Says where the model's answers come from, when <see cref="Models"/> is set.</summary>
    public string? ModelDescription { get; init; }
}
