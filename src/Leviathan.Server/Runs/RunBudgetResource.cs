namespace Leviathan.Server.Runs;

/// <summary>A run's limits; null is unlimited.</summary>
internal sealed record RunBudgetResource(long? MaxTokens, decimal? MaxCostUsd, int? MaxSteps, long? MaxWallTimeMs);
