namespace Leviathan.Agents.Loop;

/// <summary>What trimming a conversation removed, and whether it now fits.</summary>
internal sealed record TrimResult(IReadOnlyList<string> Dropped, long EstimatedTokens, long Limit, bool Overflow);
