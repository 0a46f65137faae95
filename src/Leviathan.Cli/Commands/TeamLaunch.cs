namespace Leviathan.Cli.Commands;

/// <summary>How a team run reaches its model and approvals: a profile, or a cassette to replay or record.</summary>
internal sealed record TeamLaunch(string? Profile, string? ReplayCassette, string? RecordCassette, bool ApproveAll);
