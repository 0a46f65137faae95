using Leviathan.Models.Accounting;
using Leviathan.Models.Profiles;

namespace Leviathan.Models.Tests.Accounting;

/// <summary>Counts with small tokenizer.json files written here, shaped as Llama 3 / Qwen (byte-level BPE), Llama 2 (metaspace BPE) and T5 (Unigram) ship them.</summary>
public sealed class HuggingFaceTokenizerTests : IDisposable
{
    // Byte-level BPE as Qwen2 writes it: a Split pattern and a ByteLevel step; merges as pairs, a special token.
    private const string ByteLevelBpe = """
        {
          "added_tokens": [{ "id": 100, "content": "<|im_start|>", "special": true }],
          "normalizer": null,
          "pre_tokenizer": { "type": "Sequence", "pretokenizers": [
            { "type": "Split", "pattern": { "Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" }, "behavior": "Isolated", "invert": false },
            { "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false } ] },
          "model": { "type": "BPE", "dropout": null, "unk_token": null, "byte_fallback": false,
            "vocab": { "h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "Ġhello": 9 },
            "merges": [["h", "e"], ["l", "l"], ["he", "ll"], ["hell", "o"], ["Ġ", "hello"]] }
        }
        """;

    // SentencePiece-style BPE as Llama 2's tokenizer.json: spaces are ▁ and the text starts with one; merges as strings.
    private const string MetaspaceBpe = """
        {
          "added_tokens": [{ "id": 0, "content": "<unk>", "special": true }],
          "normalizer": { "type": "Sequence", "normalizers": [{ "type": "Prepend", "prepend": "▁" }, { "type": "Replace", "pattern": { "String": " " }, "content": "▁" }] },
          "pre_tokenizer": null,
          "model": { "type": "BPE", "unk_token": "<unk>", "byte_fallback": true,
            "vocab": { "<unk>": 0, "▁": 1, "h": 2, "e": 3, "l": 4, "o": 5, "he": 6, "ll": 7, "hell": 8, "hello": 9, "▁hello": 10 },
            "merges": ["h e", "l l", "he ll", "hell o", "▁ hello"] }
        }
        """;

    private const string Unigram = """
        {
          "added_tokens": [{ "id": 0, "content": "<unk>", "special": true }],
          "normalizer": null,
          "pre_tokenizer": { "type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true },
          "model": { "type": "Unigram", "unk_id": 0, "byte_fallback": false,
            "vocab": [["<unk>", 0.0], ["▁", -2.0], ["h", -3.0], ["e", -3.0], ["l", -3.0], ["o", -3.0], ["▁hello", -1.0], ["hell", -2.5]] }
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("leviathan-tokenizers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Count_ByteLevelBpeFile_MergesWordsAsTheModelDoes()
    {
        var counter = TokenCounters.For(Profile(Write("qwen", ByteLevelBpe)));

        counter.Name.ShouldStartWith("tokenizer.json:");
        counter.IsExact.ShouldBeTrue();
        counter.Count("hello hello").ShouldBe(2, "'hello' and ' hello' are one token each");
        counter.Count("hell").ShouldBe(1);
        counter.Count("oh").ShouldBe(2, "no merge makes 'oh'");
        counter.Count("<|im_start|>hello").ShouldBe(2, "a special token counts once");
    }

    [Fact]
    public void Count_MetaspaceBpeFile_CountsSpacesAsSentencePieceDoes()
    {
        var counter = TokenCounters.For(Profile(Write("llama2", MetaspaceBpe)));

        counter.Count("hello hello").ShouldBe(2, "'▁hello' twice");
        counter.Count("hell").ShouldBe(2, "'▁' then 'hell'");
    }

    [Fact]
    public void Count_UnigramFile_UsesTheBestSegmentation()
    {
        var counter = TokenCounters.For(Profile(Write("t5", Unigram)));

        counter.Count("hello hello").ShouldBe(2);
    }

    [Fact]
    public void Parse_TokenizerJsonPath_IsAcceptedAndCounted()
    {
        var path = Write("catalog", ByteLevelBpe);
        var settings = new Dictionary<string, string?>
        {
            ["models:profiles:default:base_url"] = "http://127.0.0.1:8080/v1",
            ["models:profiles:default:model"] = "qwen2.5-coder-7b-instruct",
            ["models:profiles:default:tokenizer"] = path,
        };

        var profile = ModelCatalogParser.Parse(settings).Get("default");

        profile.Tokenizer.ShouldBe(path);
        TokenCounters.For(profile).Count("hello hello").ShouldBe(2);
    }

    [Fact]
    public void For_TokenizerJsonOfAnotherModelType_SaysWhichTypesAreSupported()
    {
        var path = Write("wordpiece", """{ "model": { "type": "WordPiece", "vocab": { "a": 0 } } }""");

        var error = Should.Throw<ModelConfigurationException>(() => TokenCounters.For(Profile(path)));

        error.Key.ShouldBe("models.profiles.default.tokenizer");
        error.Message.ShouldContain("its model type is 'WordPiece'; BPE and Unigram tokenizer.json files are supported");
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name, "tokenizer.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    private static ModelProfile Profile(string tokenizer) =>
        new("default", new Uri("http://127.0.0.1:9/v1/"), "local-model", null, 8192, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1)) { Tokenizer = tokenizer };
}
