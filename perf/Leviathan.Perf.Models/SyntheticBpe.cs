using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// Writes a byte-level BPE tokenizer.json (as Llama 3 and Qwen ship them) learned from a text, so that counting with a
/// tokenizer file can be timed without downloading a model's tokenizer. The merges are learned the usual way: the most
/// frequent adjacent pair within pre-tokenized words, again and again.
/// </summary>
internal static class SyntheticBpe
{
    private const string Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public static void Write(string path, string corpus, int merges)
    {
        var byteChar = ByteChars();
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in Regex.Matches(corpus, Pattern))
        {
            var mapped = string.Concat(Encoding.UTF8.GetBytes(match.Value).Select(b => byteChar[b]));
            words[mapped] = words.GetValueOrDefault(mapped) + 1;
        }

        var split = words.Select(w => (Symbols: w.Key.Select(c => c.ToString()).ToList(), Count: w.Value)).ToList();
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in byteChar)
        {
            vocab[c.ToString()] = vocab.Count;
        }

        var learned = new List<string[]>();
        for (var m = 0; m < merges; m++)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in split)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs.MaxBy(p => p.Value).Key;
            learned.Add([best.Item1, best.Item2]);
            vocab.TryAdd(best.Item1 + best.Item2, vocab.Count);
            foreach (var (symbols, _) in split)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] += symbols[i + 1];
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        var json = new
        {
            added_tokens = Array.Empty<object>(),
            pre_tokenizer = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = Pattern }, behavior = "Isolated", invert = false },
                    new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
                },
            },
            model = new { type = "BPE", vocab, merges = learned },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json));
    }

    /// <summary>GPT-2's map of bytes to printable characters.</summary>
    private static char[] ByteChars()
    {
        var result = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            result[b] = printable ? (char)b : (char)next++;
        }

        return result;
    }
}
