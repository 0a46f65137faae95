using System.Text.Json;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Resilience;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.OpenAi;

public sealed class OpenAiChatClientTests : IAsyncLifetime
{
    private static readonly AIFunctionDeclaration EditTool = AIFunctionFactory.CreateDeclaration(
        "edit",
        "Replace text in a file",
        JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"},"old":{"type":"string"},"new":{"type":"string"}},"required":["path"]}""").RootElement);

    private static readonly AIFunctionDeclaration RunTool = AIFunctionFactory.CreateDeclaration(
        "run",
        "Run a command",
        JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}""").RootElement);

    private readonly ModelClientFactory _factory = ModelTestProfiles.Factory();
    private FakeOpenAiServer _server = null!;
    private IChatClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _client = _factory.Create(ModelTestProfiles.For(_server.BaseUrl), new ModelClientOptions { Resilience = new ModelResilienceOptions { MaxRetryAttempts = 0 } });
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetResponse_TextWithReasoning_ReturnsTextReasoningAndUsage()
    {
        _server.Enqueue(FakeReply.Text("The bug is in Parse.").WithReasoning("Look at the stack trace first.").WithUsage(42, 7));

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.System, "You are an engineer."), new ChatMessage(ChatRole.User, "Where is the bug?")]);

        response.Text.ShouldBe("The bug is in Parse.");
        response.Messages.Single().Contents.OfType<TextReasoningContent>().Single().Text.ShouldBe("Look at the stack trace first.");
        response.Usage!.InputTokenCount.ShouldBe(42);
        response.Usage.OutputTokenCount.ShouldBe(7);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);

        var request = _server.ChatRequests.Single();
        request.Model.ShouldBe("fake-model");
        request.Messages.Select(m => m["role"]!.GetValue<string>()).ShouldBe(["system", "user"]);
        request.LastMessageText.ShouldBe("Where is the bug?");
        request.SystemPrompt.ShouldBe("You are an engineer.");
        request.MaxTokens.ShouldBeNull();
        request.Authorization.ShouldBe($"Bearer {ModelTestProfiles.ApiKey}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reasoning_InOllamasReasoningField_IsKeptAsReasoning(bool streaming)
    {
        _server.Enqueue(FakeReply.Text("Use a dictionary.").WithReasoning("Lookups are O(1).", field: "reasoning").WithChunkSize(4));
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "How do I speed this up?")];

        var response = streaming ? await _client.GetStreamingResponseAsync(messages).ToChatResponseAsync() : await _client.GetResponseAsync(messages);

        response.Text.ShouldBe("Use a dictionary.");
        string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)).ShouldBe("Lookups are O(1).");
    }

    [Fact]
    public async Task GetResponse_WithTools_SendsJsonSchemaAndReturnsTheToolCall()
    {
        _server.Enqueue(FakeReply.ToolCall("edit", new { path = "src/a.cs", old = "x", @new = "y" }, id: "call_a"));

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "fix it")], new ChatOptions { Tools = [EditTool, RunTool] });

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        call.CallId.ShouldBe("call_a");
        call.Name.ShouldBe("edit");
        call.HasMalformedArguments().ShouldBeFalse();
        ((JsonElement)call.Arguments!["path"]!).GetString().ShouldBe("src/a.cs");
        response.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);

        var request = _server.ChatRequests.Single();
        request.ToolNames.ShouldBe(["edit", "run"]);
        var parameters = request.Json!["tools"]![0]!["function"]!["parameters"]!;
        parameters["required"]![0]!.GetValue<string>().ShouldBe("path");
        parameters["properties"]!["path"]!["type"]!.GetValue<string>().ShouldBe("string");
    }

    [Fact]
    public async Task GetResponse_JsonSchemaOutputAndSamplingOptions_AreSent()
    {
        _server.Enqueue(FakeReply.Text("""{"verdict":"accept"}"""));
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"verdict":{"enum":["accept","revise"]}},"required":["verdict"]}""").RootElement;

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "judge")], new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "verdict"),
            Temperature = 0.1f,
            Seed = 7,
            TopK = 20,
            StopSequences = ["END"],
            MaxOutputTokens = 300,
        });

        var json = _server.ChatRequests.Single().Json!;
        json["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_schema");
        json["response_format"]!["json_schema"]!["name"]!.GetValue<string>().ShouldBe("verdict");
        json["response_format"]!["json_schema"]!["schema"]!["required"]![0]!.GetValue<string>().ShouldBe("verdict");
        json["temperature"]!.GetValue<double>().ShouldBe(0.1, 1e-6);
        json["seed"]!.GetValue<long>().ShouldBe(7);
        json["top_k"]!.GetValue<int>().ShouldBe(20);
        json["stop"]![0]!.GetValue<string>().ShouldBe("END");
        json["max_completion_tokens"]!.GetValue<int>().ShouldBe(300);
        json["max_tokens"]!.GetValue<int>().ShouldBe(300);
    }

    [Fact]
    public async Task GetResponse_ImageInAUserMessage_IsSentAsADataUrl()
    {
        _server.Enqueue(FakeReply.Text("a red square"));
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };

        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(png, "image/png")])]);

        var parts = _server.ChatRequests.Single().Messages.Single()["content"]!.AsArray();
        parts[0]!["text"]!.GetValue<string>().ShouldBe("what is this?");
        parts[1]!["image_url"]!["url"]!.GetValue<string>().ShouldBe("data:image/png;base64," + Convert.ToBase64String(png));
    }

    [Fact]
    public async Task GetResponse_ParallelToolCalls_ReturnsEveryCallInOrder()
    {
        _server.Enqueue(FakeReply.Calls(
            FakeToolCall.Create("run", new { command = "dotnet build" }),
            FakeToolCall.Create("run", new { command = "dotnet test" }),
            FakeToolCall.Create("edit", new { path = "b.cs" })));

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [EditTool, RunTool], AllowMultipleToolCalls = true });

        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.Name).ShouldBe(["run", "run", "edit"]);
        calls.Select(c => c.CallId).Distinct().Count().ShouldBe(3);
        ((JsonElement)calls[1].Arguments!["command"]!).GetString().ShouldBe("dotnet test");
        _server.ChatRequests.Single().Json!["parallel_tool_calls"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task GetResponse_ConversationWithToolResults_SendsCallsAndResultsBack()
    {
        _server.Enqueue(FakeReply.ToolCall("run", new { command = "ls" }, id: "call_1"), FakeReply.Text("done"));
        var history = new List<ChatMessage> { new(ChatRole.User, "list files") };
        var first = await _client.GetResponseAsync(history, new ChatOptions { Tools = [RunTool] });
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "a.cs\nb.cs")]));

        var second = await _client.GetResponseAsync(history, new ChatOptions { Tools = [RunTool] });

        second.Text.ShouldBe("done");
        var sent = _server.ChatRequests[1].Messages;
        sent.Select(m => m["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "tool"]);
        sent[1]["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>().ShouldBe("""{"command":"ls"}""");
        sent[2]["tool_call_id"]!.GetValue<string>().ShouldBe("call_1");
        _server.ChatRequests[1].ToolResults.ShouldBe([("call_1", "a.cs\nb.cs")]);
    }

    [Fact]
    public async Task GetResponse_MalformedToolArguments_ReturnsARecoverableCallInsteadOfThrowing()
    {
        _server.Enqueue(FakeReply.RawToolCall("edit", """{"path": "a.cs", "old": "x""", id: "call_bad"), FakeReply.Text("retrying properly"));
        var history = new List<ChatMessage> { new(ChatRole.User, "fix it") };

        var response = await _client.GetResponseAsync(history, new ChatOptions { Tools = [EditTool] });

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        call.HasMalformedArguments().ShouldBeTrue();
        call.GetArgumentsText().ShouldBe("""{"path": "a.cs", "old": "x""");
        var feedback = call.DescribeArgumentsError()!;
        feedback.ShouldContain("'edit'");
        feedback.ShouldContain("not valid JSON");
        feedback.ShouldContain("""{"path": "a.cs", "old": "x""");

        // The loop shows the model its mistake; the conversation goes on.
        history.AddRange(response.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, feedback)]));
        (await _client.GetResponseAsync(history, new ChatOptions { Tools = [EditTool] })).Text.ShouldBe("retrying properly");
        _server.ChatRequests[1].Messages[1]["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>().ShouldBe("""{"path": "a.cs", "old": "x""");
    }

    [Fact]
    public async Task GetResponse_ArgumentsThatAreNotAnObject_AreMalformed()
    {
        _server.Enqueue(FakeReply.RawToolCall("run", """["ls"]"""));

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [RunTool] });

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        call.HasMalformedArguments().ShouldBeTrue();
        call.DescribeArgumentsError()!.ShouldContain("must be a JSON object, not an array");
    }

    [Fact]
    public async Task Streaming_TextReasoningAndToolCallDeltas_ArriveAsProgressAndAssembleCalls()
    {
        _server.Enqueue(FakeReply.Text("I will run the tests now.")
            .WithReasoning("The user wants tests run.")
            .WithToolCall("run", new { command = "dotnet test --filter Parser" }, id: "call_s1")
            .WithToolCall("edit", new { path = "src/Parser.cs" }, id: "call_s2")
            .WithUsage(120, 30)
            .WithChunkSize(5));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "test it")], new ChatOptions { Tools = [RunTool, EditTool] }))
        {
            updates.Add(update);
        }

        updates.Count(u => u.Contents.OfType<TextContent>().Any()).ShouldBeGreaterThan(3);
        updates.Count(u => u.Contents.OfType<TextReasoningContent>().Any()).ShouldBeGreaterThan(3);
        var response = updates.ToChatResponse();
        response.Text.ShouldBe("I will run the tests now.");
        string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)).ShouldBe("The user wants tests run.");
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.CallId, c.Name)).ShouldBe([("call_s1", "run"), ("call_s2", "edit")]);
        ((JsonElement)calls[0].Arguments!["command"]!).GetString().ShouldBe("dotnet test --filter Parser");
        response.Usage!.InputTokenCount.ShouldBe(120);
        response.Usage.OutputTokenCount.ShouldBe(30);
        response.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);

        var request = _server.ChatRequests.Single();
        request.IsStreaming.ShouldBeTrue();
        request.Json!["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Streaming_MalformedArgumentsInDeltas_ReturnARecoverableCall()
    {
        _server.Enqueue(FakeReply.RawToolCall("edit", """{"path": "a.cs", """).WithChunkSize(3));

        var response = await _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [EditTool] }).ToChatResponseAsync();

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        call.HasMalformedArguments().ShouldBeTrue();
        call.GetArgumentsText().ShouldBe("""{"path": "a.cs", """);
    }

    [Fact]
    public async Task Streaming_StreamEndsWithoutFinishReason_ThrowsTruncatedAfterThePartialText()
    {
        _server.Enqueue(FakeReply.Text("This answer will be cut off somewhere in the middle.").WithChunkSize(4).TruncatedAfter(4, FakeTruncation.EndEarly));
        var received = new List<string>();

        var error = await Should.ThrowAsync<ModelStreamTruncatedException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]))
            {
                received.Add(update.Text);
            }
        });

        string.Concat(received).ShouldBe("This answer ");
        error.ChunksReceived.ShouldBe(4);
        error.Message.ShouldContain("cut off after 4 chunk(s)");
        error.Profile.ShouldBe("default");
    }

    [Theory]
    [InlineData("length", false)]
    [InlineData("length", true)]
    [InlineData("eos", false)]
    [InlineData("eos", true)]
    public async Task FinishReason_IsMapped(string reason, bool streaming)
    {
        _server.Enqueue(FakeReply.Text("cut").WithFinishReason(reason));
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "go")];

        var response = streaming ? await _client.GetStreamingResponseAsync(messages).ToChatResponseAsync() : await _client.GetResponseAsync(messages);

        response.Text.ShouldBe("cut");
        response.FinishReason!.Value.Value.ShouldBe(reason);
    }

    [Fact]
    public async Task FakeServer_NothingScripted_AnswersWithAReadable400()
    {
        var error = await Should.ThrowAsync<ModelRequestException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "unexpected question")]));

        error.StatusCode.ShouldBe(400);
        error.ServerMessage.ShouldBe("fake server: no reply scripted for request #0 (last message: 'unexpected question')");
    }

    [Fact]
    public async Task Streaming_ConnectionDroppedMidStream_ThrowsATransientModelException()
    {
        _server.Enqueue(FakeReply.Text("words that never finish arriving").WithChunkSize(3).TruncatedAfter(5, FakeTruncation.Abort));

        // Whether the client still reads some chunks before the reset depends on timing; either way it is a transient model failure.
        var error = await Should.ThrowAsync<ModelException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]))
            {
                _ = update;
            }
        });

        error.IsTransient.ShouldBeTrue();
        error.GetType().ShouldBeOneOf(typeof(ModelStreamTruncatedException), typeof(ModelConnectionException));
    }

    [Fact]
    public async Task GetResponse_BodyCutOff_ThrowsAModelException()
    {
        _server.Enqueue(FakeReply.Text("a complete answer that will not arrive whole").TruncatedAfter(0, FakeTruncation.EndEarly));

        var error = await Should.ThrowAsync<ModelConnectionException>(() => _client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")]));

        error.Message.ShouldContain("not valid JSON");
        error.IsTransient.ShouldBeTrue();
    }
}
