using Leviathan.Agents.Loop;
using Leviathan.Agents.Team;
using Leviathan.Models.Accounting;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Tests;

public sealed class ContextTrimmerTests
{
    private const int Window = 8_192;

    [Fact]
    public void Trim_WithTheModelsTokenizer_TrimsAPromptTheEstimateWouldHaveSentOverTheWindow()
    {
        var counter = TokenCounters.For(Profile("gpt-4o"));
        var options = new ChatOptions();
        var estimated = Conversation(options);
        var counted = Conversation(options);

        var byEstimate = ContextTrimmer.Trim(estimated, Window);
        var byTokenizer = ContextTrimmer.Trim(counted, Window, counter);

        byEstimate.Dropped.ShouldBeEmpty("four characters a token says the Japanese outputs fit");
        TokenEstimator.CountInput(estimated.Messages, options, counter).ShouldBeGreaterThan(ContextTrimmer.Limit(Window), "but the model's tokenizer says they do not");
        byTokenizer.Dropped.ShouldNotBeEmpty();
        byTokenizer.Fits.ShouldBeTrue();
        byTokenizer.EstimatedTokens.ShouldBe(TokenEstimator.CountInput(counted.Messages, options, counter));
        byTokenizer.EstimatedTokens.ShouldBeLessThanOrEqualTo(ContextTrimmer.Limit(Window));
    }

    [Fact]
    public void Trim_WithTheEstimateCounter_BehavesAsWithoutOne()
    {
        var options = new ChatOptions();
        var conversation = Conversation(options);

        var trim = ContextTrimmer.Trim(conversation, Window, TokenCounters.For(Profile("local-model")));

        trim.Dropped.ShouldBeEmpty();
        trim.EstimatedTokens.ShouldBe(conversation.EstimatedTokens);
    }

    [Fact]
    public void TeamRoleModel_CreatedAsBefore_HasNoTokenCounterUntilOneIsGiven()
    {
        var model = new TeamRoleModel(null!, "default", Window);
        model.TokenCounter.ShouldBeNull();

        var counter = TokenCounters.For(Profile("gpt-4o"));
        (model with { TokenCounter = counter }).TokenCounter.ShouldBeSameAs(counter);
    }

    /// <summary>Ten tool outputs of Japanese text: about one token a character, where the estimate assumes four.</summary>
    private static Conversation Conversation(ChatOptions options)
    {
        var conversation = new Conversation(options);
        conversation.Add(new ChatMessage(ChatRole.System, "You are an engineer."));
        conversation.Add(new ChatMessage(ChatRole.User, "Translate the log messages."));
        for (var i = 0; i < 10; i++)
        {
            conversation.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + i, "read_file", new Dictionary<string, object?> { ["path"] = $"log{i}.txt" })]));
            conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c" + i, string.Concat(Enumerable.Repeat("設定ファイルを読み込めません。", 130)) + i)]));
        }

        return conversation;
    }

    private static ModelProfile Profile(string model) =>
        new("default", new Uri("http://127.0.0.1:9/v1/"), model, null, Window, 0m, 0m, ModelCapabilities.None, TimeSpan.FromSeconds(1));
}
