using Leviathan.Models.Errors;
using Leviathan.Models.Probing;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Models.Tests.Probing;

public sealed class ModelProbeTests
{
    [Fact]
    public async Task Ping_LiveEndpoint_ReportsModelsUsageReasoningAndStreaming()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.ModelIds.Add("other-model");
        server.RespondWith(_ => FakeReply.Text("pong").WithReasoning("easy").WithUsage(12, 1));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.Reply.ShouldBe("pong");
        result.ReportedModel.ShouldBe("fake-model");
        result.ServedModels.ShouldBe(["fake-model", "other-model"]);
        result.UsageReported.ShouldBeTrue();
        result.ReasoningReturned.ShouldBeTrue();
        result.StreamingWorks.ShouldBe(true);
        server.Requests.First().Path.ShouldBe("/v1/models");
        server.ChatRequests.First().Json!["max_completion_tokens"]!.GetValue<int>().ShouldBe(16);
        server.ChatRequests.First().Json!["max_tokens"]!.GetValue<int>().ShouldBe(16);
    }

    [Fact]
    public async Task Ping_ServerCallsTheToolNatively_ReportsNative()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(r => r.ToolNames.Count > 0 ? FakeReply.ToolCall("get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.ToolCalls.ShouldBe("native");
        result.ToolCallsAdvice!.ShouldContain("native tool calls work");
        server.ChatRequests.Count(r => r.ToolNames.SequenceEqual(["get_time"])).ShouldBe(1);
    }

    [Theory]
    [InlineData(FakeToolCallFormat.Hermes, "text:hermes")]
    [InlineData(FakeToolCallFormat.Mistral, "text:mistral")]
    [InlineData(FakeToolCallFormat.Llama, "text:llama")]
    public async Task Ping_ServerWritesTheCallAsText_ReportsTheFormat(FakeToolCallFormat format, string expected)
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.WriteToolCallsAs = format;
        server.RespondWith(r => r.ToolNames.Count > 0 ? FakeReply.ToolCall("get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl) with { ToolCalls = ToolCallMode.Native });

        result.ToolCalls.ShouldBe(expected);
        result.ToolCallsAdvice!.ShouldContain("which native mode ignores: set models.profiles.default.tool_calls: auto or text (now: native)");
    }

    [Fact]
    public async Task Ping_ServerRefusesTools_ReportsTheTextFormatAndSaysToSetText()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RefuseToolsMessage = "tools param requires --jinja flag";
        server.RespondWith(r => r.SystemPrompt.Contains("get_time", StringComparison.Ordinal) ? FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.ToolCalls.ShouldBe("text:hermes");
        result.ToolCallsAdvice!.ShouldContain("the server refuses native tools (\"tools param requires --jinja flag\"); set models.profiles.default.tool_calls: text");
    }

    [Fact]
    public async Task Ping_ServerIgnoresNativeToolsButFollowsThePrompt_SaysToSetText()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(r => r.SystemPrompt.Contains("get_time", StringComparison.Ordinal) ? FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.ToolCalls.ShouldBe("text:hermes");
        result.ToolCallsAdvice!.ShouldContain("set models.profiles.default.tool_calls: text");
    }

    [Fact]
    public async Task Ping_ModelNeverCallsTheTool_ReportsNoneAndTheContextWindow()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.VllmMaxModelLen = 65536;
        server.RespondWith(_ => FakeReply.Text("It is noon in Paris."));
        using var factory = ModelTestProfiles.Factory();

        var result = await ModelProbe.PingAsync(factory, ModelTestProfiles.For(server.BaseUrl));

        result.ToolCalls.ShouldBe("none");
        result.ToolCallsAdvice!.ShouldContain("the model called no tool");
        result.ContextWindow!.Tokens.ShouldBe(65536);
    }

    [Fact]
    public async Task Ping_NothingListening_FailsAtOnceWithoutRetrying()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUrl.Port;
        }

        using var factory = ModelTestProfiles.Factory();

        var error = await Should.ThrowAsync<ModelConnectionException>(() =>
            ModelProbe.PingAsync(factory, ModelTestProfiles.For(new Uri($"http://127.0.0.1:{port}/v1/"))));

        error.Message.ShouldContain("Connection refused");
        error.Hint!.ShouldContain("models.profiles.default.base_url");
    }
}
