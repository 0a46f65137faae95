namespace Leviathan.Models.Accounting;

/// <summary>What one model call consumed.</summary>
/// <param name="Profile">The profile name.</param>
/// <param name="Model">The model id.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens (including reasoning).</param>
/// <param name="CostUsd">From the profile's prices.</param>
/// <param name="Estimated">True when the server sent no usage and the counts are the local estimate (see docs/models.md).</param>
/// <param name="Completed">False when the call failed part-way; the counts then cover what was sent and received.</param>
public sealed record ModelCallUsage(string Profile, string Model, long InputTokens, long OutputTokens, decimal CostUsd, bool Estimated, bool Completed)
{
    public long TotalTokens => InputTokens + OutputTokens;
}
