namespace Leviathan.Models.Accounting;

/// <summary>The sum of a run's model calls so far.</summary>
public sealed record ModelUsageTotals(int Calls, long InputTokens, long OutputTokens, decimal CostUsd, int EstimatedCalls)
{
    public static ModelUsageTotals None { get; } = new(0, 0, 0, 0m, 0);

    public long TotalTokens => InputTokens + OutputTokens;

    internal ModelUsageTotals Add(ModelCallUsage call) => new(
        Calls + 1,
        InputTokens + call.InputTokens,
        OutputTokens + call.OutputTokens,
        CostUsd + call.CostUsd,
        EstimatedCalls + (call.Estimated ? 1 : 0));
}
