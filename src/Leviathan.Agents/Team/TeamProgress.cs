namespace Leviathan.Agents.Team;

/// <summary>A live progress report: which role is at which step, doing what, and what it has cost so far.</summary>
public sealed record TeamProgress(string Role, int Step, string? Tool, long Tokens, decimal CostUsd, string? Note);
