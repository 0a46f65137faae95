using System.Text.Json;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Models.Resilience;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.ToolCalls;

public sealed class TextToolCallChatClientTests : IAsyncLifetime
{
    private static readonly AIFunctionDeclaration ReadTool = AIFunctionFactory.CreateDeclaration(
        "read_file",
        "Read a text file of the workspace.\nLong files are cut.",
        JsonDocument.Parse("""{ "type": "object", "properties": { "path": { "type": "string" } }, "required": ["path"] }""").RootElement);

    private static readonly AIFunctionDeclaration FinishTool = AIFunctionFactory.CreateDeclaration(
        "finish", "Say the work is done", JsonDocument.Parse("""{"type":"object","properties":{"summary":{"type":"string"}}}""").RootElement);

    private static readonly ChatOptions Options = new() { Tools = [ReadTool, FinishTool] };

    private readonly TempDirectory _temp = new("leviathan-textcalls");
    private readonly ModelClientFactory _factory = ModelTestProfiles.Factory();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(FakeToolCallFormat.Hermes, TextToolCallFormats.Hermes)]
    [InlineData(FakeToolCallFormat.Mistral, TextToolCallFormats.Mistral)]
    [InlineData(FakeToolCallFormat.JsonBlock, TextToolCallFormats.Json)]
    [InlineData(FakeToolCallFormat.Llama, TextToolCallFormats.Llama)]
    [InlineData(FakeToolCallFormat.ReAct, TextToolCallFormats.ReAct)]
    public async Task GetResponse_AutoModeAndTheServerWritesTheCallAsText_ParsesItOnTheSameTurn(FakeToolCallFormat written, string format)
    {
        _server.Enqueue(FakeReply.TextToolCall(written, "read_file", new { path = "calc.py" }, thought: "First I read calc.py."));

        var response = await Client(ToolCallMode.Auto).GetResponseAsync([new ChatMessage(ChatRole.User, "Fix calc.py")], Options);

        _server.ChatRequests.Single().ToolNames.ShouldBe(["read_file", "finish"], "auto mode sends native tools");
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ShouldHaveSingleItem();
        call.Name.ShouldBe("read_file");
        call.HasMalformedArguments().ShouldBeFalse();
        call.GetArgumentsText().ShouldContain("calc.py");
        call.GetTextFormat().ShouldBe(format);
        response.Text.ShouldBe("First I read calc.py.");
        response.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
        response.AdditionalProperties![ToolCallArguments.FormatKey].ShouldBe(format);
    }

    [Fact]
    public async Task GetResponse_AutoModeWithANativeCall_LeavesItNative()
    {
        _server.Enqueue(FakeReply.ToolCall("read_file", new { path = "a" }).WithText("<tool_call>{\"name\": \"finish\", \"arguments\": {}}</tool_call>"));

        var response = await Client(ToolCallMode.Auto).GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ShouldHaveSingleItem();
        call.Name.ShouldBe("read_file");
        call.GetTextFormat().ShouldBeNull();
    }

    [Fact]
    public async Task GetResponse_NativeMode_NeverParsesText()
    {
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "finish", new { summary = "ok" }));

        var response = await Client(ToolCallMode.Native).GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ShouldBeEmpty();
        response.Text.ShouldContain("<tool_call>");
    }

    [Fact]
    public async Task GetResponse_TextMode_DescribesToolsInTheSystemPromptAndSendsNoTools()
    {
        _server.Enqueue(FakeReply.Text("<tool_call>{\"name\": \"finish\", \"arguments\": {\"summary\": \"ok\"}}</tool_call>"));

        var response = await Client(ToolCallMode.Text).GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You are an engineer."), new ChatMessage(ChatRole.User, "go")], Options);

        var request = _server.ChatRequests.Single();
        request.ToolNames.ShouldBeEmpty();
        request.Json!.ContainsKey("tool_choice").ShouldBeFalse();
        request.SystemPrompt.ShouldStartWith("You are an engineer.\n\n# Tools");
        request.SystemPrompt.ShouldContain("- read_file: Read a text file of the workspace. {\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}\n");
        request.SystemPrompt.ShouldNotContain("Long files are cut.");
        request.SystemPrompt.ShouldContain("<tool_call>");
        request.Messages.Count.ShouldBe(2);
        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("finish");
    }

    [Fact]
    public async Task GetResponse_TextModeWithCallsAndResultsInTheHistory_SendsThemAsTextAndOneUserMessage()
    {
        const string written = "I'll read both.\n<tool_call>{\"name\": \"read_file\", \"arguments\": {\"path\": \"a\"}}</tool_call>\n<tool_call>{\"name\": \"read_file\", \"arguments\": {\"path\": \"b\"}}</tool_call>";
        _server.Enqueue(FakeReply.Text(written), FakeReply.Text("Both files are fine."));
        var client = Client(ToolCallMode.Text);
        List<ChatMessage> history = [new(ChatRole.System, "You are an engineer."), new(ChatRole.User, "Check a and b")];
        var first = await client.GetResponseAsync(history, Options);
        history.AddRange(first.Messages);
        var calls = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(calls[0].CallId, "contents of a")]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(calls[1].CallId, "contents of b")]));
        history.Add(new ChatMessage(ChatRole.User, "Go on."));

        await client.GetResponseAsync(history, Options);

        var request = _server.ChatRequests[1];
        request.Messages.Select(m => m["role"]!.GetValue<string>()).ShouldBe(["system", "user", "assistant", "user"]);
        FakeRequest.TextOf(request.Messages[2]).ShouldBe(written, "the model sees its own words");
        request.Messages[2].ContainsKey("tool_calls").ShouldBeFalse();
        request.LastMessageText.ShouldBe("<tool_response name=\"read_file\">\ncontents of a\n</tool_response>\n\n<tool_response name=\"read_file\">\ncontents of b\n</tool_response>\n\nGo on.");
        request.ToolResults.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetResponse_AutoModeAfterATextCall_SendsThatCallAndItsResultAsText()
    {
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Llama, "read_file", new { path = "a" }), FakeReply.Text("ok"));
        var client = Client(ToolCallMode.Auto);
        List<ChatMessage> history = [new(ChatRole.User, "Check a")];
        var first = await client.GetResponseAsync(history, Options);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().CallId, "contents of a")]));

        await client.GetResponseAsync(history, Options);

        var request = _server.ChatRequests[1];
        request.ToolNames.ShouldBe(["read_file", "finish"]);
        request.Messages.Select(m => m["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        FakeRequest.TextOf(request.Messages[1]).ShouldBe("<function=read_file>{\"path\":\"a\"}</function>");
        request.LastMessageText.ShouldContain("contents of a");
    }

    [Fact]
    public async Task GetResponse_AutoModeAndTheServerRefusesTools_SwitchesToTextForThisAndLaterCalls()
    {
        _server.RefuseToolsMessage = "tools param requires --jinja flag";
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "read_file", new { path = "a" }), FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "finish", new { summary = "ok" }));
        var client = Client(ToolCallMode.Auto);

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "again")], Options);

        first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("read_file");
        first.AdditionalProperties![TextToolCallChatClient.FallbackKey].ShouldBe("tools param requires --jinja flag");
        second.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("finish");
        _server.ChatRequests.Select(r => r.ToolNames.Count).ShouldBe([2, 0, 0], "one refused request, then text mode");
        _server.ChatRequests[2].SystemPrompt.ShouldContain("# Tools");
    }

    [Theory]
    [InlineData(500, "tools param requires --jinja flag")]
    [InlineData(400, "registry.ollama.ai/library/gemma:2b does not support tools")]
    public async Task GetResponse_AutoModeWithDefaultRetries_FallsBackAtOnceWithoutRetryingTheRefusal(int status, string message)
    {
        _server.RefuseToolsStatus = status;
        _server.RefuseToolsMessage = message;
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "read_file", new { path = "a" }));

        var response = await _factory.Create(Profile(ToolCallMode.Auto)).GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("read_file");
        _server.ChatRequests.Count.ShouldBe(2, "the refusal is not retried as a server failure");
    }

    [Fact]
    public async Task GetResponse_NativeModeAndTheServerRefusesTools_FailsOnceWithTheSettingToChange()
    {
        _server.RefuseToolsMessage = "tools param requires --jinja flag";

        var error = await Should.ThrowAsync<ModelRequestException>(() =>
            _factory.Create(Profile(ToolCallMode.Native)).GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options));

        error.StatusCode.ShouldBe(500);
        error.IsTransient.ShouldBeFalse();
        error.Hint!.ShouldContain("set models.profiles.default.tool_calls: text");
        _server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetStreamingResponse_TextMode_StreamsTheThoughtAndEndsWithTheParsedCalls()
    {
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "read_file", new { path = "calc.py" }, thought: "Reading the file now.").WithChunkSize(3));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client(ToolCallMode.Text).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options))
        {
            updates.Add(update);
        }

        _server.ChatRequests.Single().IsStreaming.ShouldBeTrue();
        var texts = string.Concat(updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text));
        texts.ShouldBe("Reading the file now.", "the call's markup is never shown as text");
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ShouldHaveSingleItem();
        call.Name.ShouldBe("read_file");
        call.GetTextFormat().ShouldBe(TextToolCallFormats.Hermes);
    }

    [Fact]
    public async Task GetStreamingResponse_AutoModeWithPlainText_PassesAllTextThrough()
    {
        _server.Enqueue(FakeReply.Text("All done; the value is {x} and that is fine.").WithChunkSize(4));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client(ToolCallMode.Auto).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options))
        {
            updates.Add(update);
        }

        updates.ToChatResponse().Text.ShouldBe("All done; the value is {x} and that is fine.");
        updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Cassette_TextModeRecordedThenReplayed_HoldsTheRawTextAndParsesTheSameCalls()
    {
        var path = _temp.Combine("text.jsonl");
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Mistral, "read_file", new { path = "a" }));
        var recording = Cassette.StartRecording(path);
        var recorded = await _factory.Create(Profile(ToolCallMode.Text), new ModelClientOptions { Cassette = recording })
            .GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        var replayed = await _factory.Create(Profile(ToolCallMode.Text), new ModelClientOptions { Cassette = Cassette.Load(path) })
            .GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        (await File.ReadAllTextAsync(path)).ShouldContain("[TOOL_CALLS]", Case.Sensitive, "the cassette holds what the server said");
        var before = recorded.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        var after = replayed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        after.CallId.ShouldBe(before.CallId);
        after.GetArgumentsText().ShouldBe(before.GetArgumentsText());
        after.GetTextFormat().ShouldBe(TextToolCallFormats.Mistral);
        _server.ChatRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Cassette_AutoModeThatFellBackToText_IsReplayedInTextMode()
    {
        var path = _temp.Combine("fallback.jsonl");
        _server.RefuseToolsMessage = "tools param requires --jinja flag";
        _server.Enqueue(FakeReply.TextToolCall(FakeToolCallFormat.Hermes, "read_file", new { path = "a" }));
        var recording = Cassette.StartRecording(path);
        await _factory.Create(Profile(ToolCallMode.Auto), new ModelClientOptions { Cassette = recording }).GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        var cassette = Cassette.Load(path);
        var replayed = await _factory.Create(Profile(cassette.RecordedToolCalls ?? ToolCallMode.Auto), new ModelClientOptions { Cassette = cassette })
            .GetResponseAsync([new ChatMessage(ChatRole.User, "go")], Options);

        cassette.RecordedToolCalls.ShouldBe(ToolCallMode.Text);
        recording.Count.ShouldBe(1, "the refused request is not recorded");
        replayed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("read_file");
    }

    private IChatClient Client(ToolCallMode mode) =>
        _factory.Create(Profile(mode), new ModelClientOptions { Resilience = new ModelResilienceOptions { MaxRetryAttempts = 0 } });

    private ModelProfile Profile(ToolCallMode mode) => ModelTestProfiles.For(_server.BaseUrl) with { ToolCalls = mode };
}
