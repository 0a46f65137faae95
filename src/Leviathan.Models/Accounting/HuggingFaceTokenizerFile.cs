using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Leviathan.Models.Accounting;

/// <summary>
/// Loads a Hugging Face <c>tokenizer.json</c>: byte-level BPE (Llama 3, Qwen 2/2.5/3, Mistral's Tekken, GPT-2 style) with
/// its own split pattern, SentencePiece-style BPE with a <c>▁</c> metaspace (Llama 2, older Mistral), and Unigram
/// (through Microsoft.ML.Tokenizers' own reader). Byte fallback of SentencePiece BPE is not modelled: a character outside
/// the vocabulary counts as one unknown token where the model would spend one token per UTF-8 byte.
/// </summary>
internal static class HuggingFaceTokenizerFile
{
    // GPT-2's pattern, which a ByteLevel pre-tokenizer applies when the file names no Split pattern of its own.
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";
    private const string MetaspacePattern = "▁*[^▁]+|▁+";

    public static Tokenizer Load(Stream stream)
    {
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.Object
            ? m
            : throw new InvalidDataException("the file has no \"model\" object; is it a Hugging Face tokenizer.json?");
        var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "Unigram":
                stream.Position = 0;
                return SentencePieceTokenizer.CreateFromTokenizerJson(stream, addBeginningOfSentence: false, addEndOfSentence: false);
            case "BPE":
                return Bpe(root, model);
            default:
                throw new NotSupportedException($"its model type is '{type}'; BPE and Unigram tokenizer.json files are supported");
        }
    }

    private static BpeTokenizer Bpe(JsonElement root, JsonElement model)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<string>();
        if (model.TryGetProperty("merges", out var mergeList))
        {
            foreach (var merge in mergeList.EnumerateArray())
            {
                // Older files write "a b", newer ones ["a", "b"].
                merges.Add(merge.ValueKind == JsonValueKind.Array ? merge[0].GetString() + " " + merge[1].GetString() : merge.GetString()!);
            }
        }

        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (token.TryGetProperty("special", out var isSpecial) && isSpecial.ValueKind == JsonValueKind.True)
                {
                    special[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
                }
            }
        }

        var steps = Steps(root.TryGetProperty("pre_tokenizer", out var pre) ? pre : default).ToList();
        var byteLevel = steps.Any(step => Type(step) == "ByteLevel");
        var metaspace = steps.Any(step => Type(step) == "Metaspace") || NormalizerPrepends(root);
        var split = steps.Where(step => Type(step) == "Split")
            .Select(step => step.TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex) ? regex.GetString() : null)
            .FirstOrDefault(pattern => pattern is not null);
        var pattern = split ?? (byteLevel ? Gpt2Pattern : metaspace ? MetaspacePattern : null)
            ?? throw new NotSupportedException("its pre-tokenizer is neither ByteLevel, Split nor Metaspace");
        var unknown = model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null;

        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            SpecialTokens = special.Count > 0 ? special : null,
            ByteLevel = byteLevel,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), special.Count > 0 ? special : null),
            Normalizer = metaspace && !byteLevel ? new MetaspaceNormalizer() : null,
            UnknownToken = unknown,
            FuseUnknownTokens = unknown is not null,
        });
    }

    private static IEnumerable<JsonElement> Steps(JsonElement step)
    {
        if (step.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (step.TryGetProperty("pretokenizers", out var inner) && inner.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in inner.EnumerateArray().SelectMany(Steps))
            {
                yield return child;
            }

            yield break;
        }

        yield return step;
    }

    private static string? Type(JsonElement step) => step.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static bool NormalizerPrepends(JsonElement root) =>
        root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
        && normalizer.GetRawText().Contains("\"Prepend\"", StringComparison.Ordinal);
}
