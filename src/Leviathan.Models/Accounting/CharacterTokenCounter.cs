namespace Leviathan.Models.Accounting;

/// <summary>The tokenizer-free estimate: one token per <see cref="TokenEstimator.CharactersPerToken"/> characters, rounded up.</summary>
internal sealed class CharacterTokenCounter : ITokenCounter
{
    public static CharacterTokenCounter Instance { get; } = new();

    public string Name => "estimate";

    public bool IsExact => false;

    public int Count(string text) => (text.Length + TokenEstimator.CharactersPerToken - 1) / TokenEstimator.CharactersPerToken;
}
