namespace Leviathan.Core.Runs;

/// <summary>The limits a run may not cross. A null limit is unlimited.</summary>
public sealed record RunBudget(long? MaxTokens = null, decimal? MaxCostUsd = null, int? MaxSteps = null, TimeSpan? MaxWallTime = null)
{
    /// <summary>No limits.</summary>
    public static RunBudget Unlimited { get; } = new();
}
