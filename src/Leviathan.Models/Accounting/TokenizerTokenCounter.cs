using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Leviathan.Models.Accounting;

/// <summary>
/// Exact counts from a Microsoft.ML.Tokenizers tokenizer (tiktoken encodings, SentencePiece models). Counts of longer
/// texts are remembered: each call re-sends the whole conversation, and hashing a text is far cheaper than tokenizing
/// it, so only what is new in a call is tokenized (as the estimate's incremental count in the agent loop).
/// </summary>
internal sealed class TokenizerTokenCounter(string name, Tokenizer tokenizer) : ITokenCounter
{
    private const int RememberedFrom = 256;
    private const int MaxRemembered = 8192;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public string Name => name;

    public bool IsExact => true;

    public int Count(string text)
    {
        if (text.Length < RememberedFrom)
        {
            return text.Length == 0 ? 0 : tokenizer.CountTokens(text);
        }

        if (_counts.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_counts.Count >= MaxRemembered)
        {
            _counts.Clear();
        }

        var count = tokenizer.CountTokens(text);
        _counts[text] = count;
        return count;
    }
}
