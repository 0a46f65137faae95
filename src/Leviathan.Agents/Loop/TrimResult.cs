namespace Leviathan.Agents.Loop;

/// <summary>What trimming a conversation removed, its estimate afterwards, and whether old outputs alone were not enough.</summary>
/// <param name="Dropped">One line per removed output, message or run of exchanges.</param>
/// <param name="EstimatedTokens">The estimate after trimming.</param>
/// <param name="Limit">The most a prompt may use in the model's window.</param>
/// <param name="Overflowed">The recent messages alone did not fit: all but the last exchange went and recent outputs were cut.</param>
internal sealed record TrimResult(IReadOnlyList<string> Dropped, long EstimatedTokens, long Limit, bool Overflowed)
{
    /// <summary>The conversation fits and may be sent.</summary>
    public bool Fits => EstimatedTokens <= Limit;
}
