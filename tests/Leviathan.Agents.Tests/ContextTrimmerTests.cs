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

    [Fact]
    public void DropOldImages_MoreImagesThanKept_ReplacesTheOldestByNotesThatNameTheirArtifacts()
    {
        var conversation = ImageConversation(renders: 4, imageBytes: 100);

        var dropped = ContextTrimmer.DropOldImages(conversation, keep: 3);

        dropped.ShouldBe(["renders/view-0.png"]);
        Images(conversation).ShouldBe(["renders/view-1.png", "renders/view-2.png", "renders/view-3.png"]);
        conversation.Messages.SelectMany(m => m.Contents).OfType<TextContent>().Select(t => t.Text)
            .ShouldContain(t => t.StartsWith("[image removed: renders/view-0.png", StringComparison.Ordinal));
        conversation.EstimatedTokens.ShouldBe(TokenEstimator.EstimateInput(conversation.Messages, conversation.Options));
        ContextTrimmer.DropOldImages(conversation, keep: 3).ShouldBeEmpty("a note is not an image");
    }

    [Fact]
    public void Trim_OverTheWindowWithOldImages_DropsTheImagesBeforeAnyText()
    {
        // Eight renders of about 2,000 estimated tokens each: far over an 8k window, while the text alone fits.
        var conversation = ImageConversation(renders: 8, imageBytes: 24_000);

        var trim = ContextTrimmer.Trim(conversation, Window);

        trim.Fits.ShouldBeTrue();
        trim.Dropped.ShouldAllBe(d => d.StartsWith("image renders/view-", StringComparison.Ordinal));
        trim.Dropped[0].ShouldBe("image renders/view-0.png", "oldest first");
        Images(conversation).ShouldNotBeEmpty("the recent messages keep theirs");
        conversation.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ShouldAllBe(r => !r.Result!.ToString()!.StartsWith("[dropped:", StringComparison.Ordinal));
    }

    /// <summary>Renders as a vision model gets them: each cad_render result, then its image in a user message.</summary>
    private static Conversation ImageConversation(int renders, int imageBytes)
    {
        var conversation = new Conversation(new ChatOptions());
        conversation.Add(new ChatMessage(ChatRole.System, "You are an engineer."));
        conversation.Add(new ChatMessage(ChatRole.User, "Design a ramp."));
        for (var i = 0; i < renders; i++)
        {
            conversation.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + i, "cad_render", new Dictionary<string, object?>())]));
            conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c" + i, $"drew plank: renders/view-{i}.png")]));
            conversation.Add(new ChatMessage(ChatRole.User, [new TextContent($"Images from cad_render (c{i})"), new DataContent(new byte[imageBytes], "image/png") { Name = $"renders/view-{i}.png" }]));
        }

        return conversation;
    }

    private static List<string?> Images(Conversation conversation) =>
        [.. conversation.Messages.SelectMany(m => m.Contents).OfType<DataContent>().Select(d => d.Name)];

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
