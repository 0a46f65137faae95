using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Accounting;

public sealed class TokenCounterTests
{
    [Theory]
    [InlineData("gpt-4.1-mini", "o200k_base")]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("openai/gpt-5", "o200k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    [InlineData("qwen2.5-coder-7b-instruct", null)]
    [InlineData("llama3.1", null)]
    public void EncodingOfModel_ModelName_IsOpenAisEncodingOrNone(string model, string? encoding) =>
        TokenCounters.EncodingOfModel(model).ShouldBe(encoding);

    [Fact]
    public void For_OpenAiModel_CountsWithTheRealTokenizer()
    {
        var counter = TokenCounters.For(Profile("gpt-4.1"));

        counter.Name.ShouldBe("o200k_base");
        counter.IsExact.ShouldBeTrue();
        counter.Count("Hello, world!").ShouldBe(4);
        counter.Count(new string(' ', 400)).ShouldBeLessThan(100, "runs of spaces are few tokens, unlike the 4-characters estimate");
    }

    [Fact]
    public void Count_LongTextAskedAgain_GivesTheSameCountAsTheTokenizer()
    {
        var counter = TokenCounters.For(Profile("gpt-4o"));
        var text = string.Concat(Enumerable.Repeat("def add(a, b):\n    return a + b  # 日本語\n", 40));

        var first = counter.Count(text);
        var again = counter.Count(text);

        again.ShouldBe(first);
        first.ShouldBe(Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(text));
    }

    [Fact]
    public void For_UnknownModelWithoutSetting_UsesTheEstimate()
    {
        var counter = TokenCounters.For(Profile("qwen2.5-coder-7b"));

        counter.IsExact.ShouldBeFalse();
        counter.Count(new string('x', 401)).ShouldBe(101);
    }

    [Fact]
    public void For_TokenizerSetting_WinsOverTheModelName()
    {
        var counter = TokenCounters.For(Profile("qwen2.5-coder-7b") with { Tokenizer = "cl100k_base" });

        counter.Name.ShouldBe("cl100k_base");
        counter.Count("Hello, world!").ShouldBe(4);
    }

    [Fact]
    public void For_TokenizerFileThatIsNotSentencePiece_NamesTheKeyAndWhatIsAccepted()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a tokenizer");

            var error = Should.Throw<ModelConfigurationException>(() => TokenCounters.For(Profile("m") with { Tokenizer = path }));

            error.Key.ShouldBe("models.profiles.default.tokenizer");
            error.Message.ShouldContain("Hugging Face tokenizer.json (BPE or Unigram), or of a SentencePiece tokenizer.model");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_TokenizerKey_AcceptsEncodingsAndRejectsMissingFiles()
    {
        var settings = new Dictionary<string, string?>
        {
            ["models:profiles:default:base_url"] = "http://127.0.0.1:8080/v1",
            ["models:profiles:default:model"] = "m",
            ["models:profiles:default:tokenizer"] = "O200K_BASE",
        };
        ModelCatalogParser.Parse(settings).Get("default").Tokenizer.ShouldBe("o200k_base");

        settings["models:profiles:default:tokenizer"] = "/nowhere/tokenizer.model";
        var error = Should.Throw<ModelConfigurationException>(() => ModelCatalogParser.Parse(settings, _ => "config.yaml"));
        error.Message.ShouldContain("models.profiles.default.tokenizer = '/nowhere/tokenizer.model' (from config.yaml) is not accepted: accepted: o200k_base, cl100k_base, or the path of an existing Hugging Face tokenizer.json or SentencePiece tokenizer.model");
    }

    [Fact]
    public async Task Accounting_NoServerUsageAndAKnownTokenizer_CountsWithIt()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var factory = ModelTestProfiles.Factory();
        var ledger = new ModelUsageLedger();
        var profile = ModelTestProfiles.For(server.BaseUrl) with { Tokenizer = "o200k_base" };
        var client = factory.Create(profile, new ModelClientOptions { Ledger = ledger });
        server.Enqueue(FakeReply.Text("Hello, world!"));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello, world!")]);

        var call = ledger.Calls.ShouldHaveSingleItem();
        call.Estimated.ShouldBeTrue("counted locally, not reported by the server");
        call.InputTokens.ShouldBe(4 + TokenEstimator.TokensPerMessage);
        call.OutputTokens.ShouldBe(4);
    }

    private static ModelProfile Profile(string model) =>
        new("default", new Uri("http://127.0.0.1:9/v1/"), model, null, 8192, 0m, 0m, ModelCapabilities.ToolCalls, TimeSpan.FromSeconds(30));
}
