namespace Leviathan.Server.Jobs;

/// <summary>What a queued software run needs, as stored in the job's payload.</summary>
internal sealed record SoftwareRunPayload(string Goal, string Workspace, string? VerifyCommand, string? Profile, int? MaxSteps);
