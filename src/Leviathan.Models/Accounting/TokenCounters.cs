using System.Collections.Concurrent;
using System.Text.Json;
using Leviathan.Models.Profiles;
using Microsoft.ML.Tokenizers;

namespace Leviathan.Models.Accounting;

/// <summary>
/// The token counter of a profile: the profile's <c>tokenizer</c> setting (<c>o200k_base</c>, <c>cl100k_base</c>, the path
/// of a Hugging Face <c>tokenizer.json</c> as Llama 3, Qwen and Mistral ship it, or of a SentencePiece <c>tokenizer.model</c>
/// as Llama 2 and older Mistral ship it), else the tiktoken encoding of an OpenAI
/// model name (gpt-4o, gpt-4.1, gpt-5, o1, o3, o4 → o200k_base; gpt-4, gpt-3.5 → cl100k_base), else the character estimate.
/// Tokenizers are loaded once per process.
/// </summary>
public static class TokenCounters
{
    /// <summary>The encoding names accepted by the <c>tokenizer</c> key.</summary>
    public static IReadOnlyList<string> Encodings { get; } = ["o200k_base", "cl100k_base"];

    private static readonly ConcurrentDictionary<string, Lazy<ITokenCounter>> Cache = new(StringComparer.Ordinal);

    /// <summary>The counter for <paramref name="profile"/>.</summary>
    /// <exception cref="ModelConfigurationException">The profile's tokenizer file cannot be read.</exception>
    public static ITokenCounter For(ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Tokenizer is { } setting)
        {
            return Cached("setting:" + setting, () => FromSetting(profile.Name, setting));
        }

        return EncodingOfModel(profile.Model) is { } encoding
            ? Cached("encoding:" + encoding, () => new TokenizerTokenCounter(encoding, TiktokenTokenizer.CreateForEncoding(encoding)))
            : CharacterTokenCounter.Instance;
    }

    /// <summary>The tiktoken encoding OpenAI uses for <paramref name="model"/>; null for other models.</summary>
    public static string? EncodingOfModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.Trim().ToLowerInvariant();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        if (name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.1", StringComparison.Ordinal) || name.StartsWith("gpt-4.5", StringComparison.Ordinal)
            || name.StartsWith("gpt-5", StringComparison.Ordinal) || name.StartsWith("gpt-oss", StringComparison.Ordinal) || name.StartsWith("chatgpt-4o", StringComparison.Ordinal)
            || (name.Length > 1 && name[0] == 'o' && char.IsDigit(name[1])))
        {
            return "o200k_base";
        }

        return name.StartsWith("gpt-4", StringComparison.Ordinal) || name.StartsWith("gpt-3.5", StringComparison.Ordinal) ? "cl100k_base" : null;
    }

    private static ITokenCounter Cached(string key, Func<ITokenCounter> create) =>
        Cache.GetOrAdd(key, _ => new Lazy<ITokenCounter>(create, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static ITokenCounter FromSetting(string profile, string setting)
    {
        if (Encodings.Contains(setting, StringComparer.OrdinalIgnoreCase))
        {
            var encoding = setting.ToLowerInvariant();
            return new TokenizerTokenCounter(encoding, TiktokenTokenizer.CreateForEncoding(encoding));
        }

        try
        {
            using var stream = File.OpenRead(setting);
            return setting.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? new TokenizerTokenCounter("tokenizer.json:" + setting, HuggingFaceTokenizerFile.Load(stream))
                : new TokenizerTokenCounter("sentencepiece:" + setting, LlamaTokenizer.Create(stream));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or JsonException or KeyNotFoundException)
        {
            throw new ModelConfigurationException(
                $"models.profiles.{profile}.tokenizer",
                setting,
                $"the tokenizer cannot be read ({ex.Message}); give {string.Join(" or ", Encodings)}, the path of a Hugging Face tokenizer.json (BPE or Unigram), or of a SentencePiece tokenizer.model",
                source: null);
        }
    }
}
