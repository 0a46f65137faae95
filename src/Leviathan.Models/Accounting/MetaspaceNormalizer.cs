using Microsoft.ML.Tokenizers;

namespace Leviathan.Models.Accounting;

/// <summary>SentencePiece's view of a text: spaces become <c>▁</c>, and the text starts with one.</summary>
internal sealed class MetaspaceNormalizer : Normalizer
{
    public override string Normalize(string original) => Normalize(original.AsSpan());

    public override string Normalize(ReadOnlySpan<char> original) => string.Create(original.Length + 1, original, static (span, text) =>
    {
        span[0] = '▁';
        for (var i = 0; i < text.Length; i++)
        {
            span[i + 1] = text[i] == ' ' ? '▁' : text[i];
        }
    });
}
