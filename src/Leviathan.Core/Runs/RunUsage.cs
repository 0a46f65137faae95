namespace Leviathan.Core.Runs;

/// <summary>What a run has consumed so far.</summary>
public sealed record RunUsage(long TokensIn = 0, long TokensOut = 0, decimal CostUsd = 0, int Steps = 0, TimeSpan WallTime = default)
{
    /// <summary>Nothing consumed.</summary>
    public static RunUsage None { get; } = new();
}
