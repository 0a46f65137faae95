namespace Leviathan.Server.Runs;

/// <summary>What a run has used so far.</summary>
internal sealed record RunUsageResource(long TokensIn, long TokensOut, decimal CostUsd, int Steps, long WallTimeMs);
