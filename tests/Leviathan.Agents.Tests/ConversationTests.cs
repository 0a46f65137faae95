using Leviathan.Agents.Loop;
using Leviathan.Models.Accounting;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Tests;

public sealed class ConversationTests
{
    [Fact]
    public void EstimatedTokens_AfterAddsReplacementsAndTrimming_EqualsAFullRecount()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("read_file", "Read a file", System.Text.Json.JsonDocument.Parse("{\"type\":\"object\"}").RootElement)] };
        var conversation = new Conversation(options);
        conversation.Add(new ChatMessage(ChatRole.System, "You are an engineer."));
        conversation.Add(new ChatMessage(ChatRole.User, "Fix the bug."));
        for (var i = 0; i < 40; i++)
        {
            conversation.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + i, "read_file", new Dictionary<string, object?> { ["path"] = $"f{i}.txt" })]));
            conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c" + i, new string('x', 900 + (i * 37)))]));
            conversation.EstimatedTokens.ShouldBe(TokenEstimator.EstimateInput(conversation.Messages, options));
        }

        conversation.Replace(0, new ChatMessage(ChatRole.System, "You are an engineer. The TODO list changed."));
        conversation.EstimatedTokens.ShouldBe(TokenEstimator.EstimateInput(conversation.Messages, options));

        var before = conversation.EstimatedTokens;
        var trim = ContextTrimmer.Trim(conversation, contextWindow: 8_192);

        trim.Fits.ShouldBeTrue();
        trim.Dropped.ShouldNotBeEmpty();
        conversation.EstimatedTokens.ShouldBeLessThan(before);
        conversation.EstimatedTokens.ShouldBe(TokenEstimator.EstimateInput(conversation.Messages, options));
        trim.EstimatedTokens.ShouldBe(conversation.EstimatedTokens);
    }
}
