namespace Leviathan.Models.Accounting;

/// <summary>Counts the tokens of a text for one model family (<see cref="TokenCounters.For"/> picks one per profile).</summary>
public interface ITokenCounter
{
    /// <summary>What counts: <c>o200k_base</c>, <c>cl100k_base</c>, <c>tokenizer.json:&lt;file&gt;</c>, <c>sentencepiece:&lt;file&gt;</c>, or <c>estimate</c> (characters / 4).</summary>
    string Name { get; }

    /// <summary>True when the count comes from the model's real tokenizer, false for the character estimate.</summary>
    bool IsExact { get; }

    /// <summary>The number of tokens of <paramref name="text"/>.</summary>
    int Count(string text);
}
