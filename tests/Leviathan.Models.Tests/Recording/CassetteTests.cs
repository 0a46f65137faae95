using System.Text.Json;
using Leviathan.Models.Accounting;
using Leviathan.Models.Building;
using Leviathan.Models.Recording;
using Leviathan.Models.ToolCalls;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Tests.Recording;

public sealed class CassetteTests : IAsyncLifetime
{
    private static readonly AIFunctionDeclaration RunTool = AIFunctionFactory.CreateDeclaration(
        "run", "Run a command", JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}}}""").RootElement);

    private readonly TempDirectory _temp = new("leviathan-cassette");
    private readonly ModelClientFactory _factory = ModelTestProfiles.Factory();
    private FakeOpenAiServer _server = null!;

    private string CassettePath => _temp.Combine("cassettes", "run.jsonl");

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task RecordThenReplay_AnswersTheSameWithoutAServer()
    {
        _server.Enqueue(
            FakeReply.ToolCall("run", new { command = "dotnet test" }, id: "call_1").WithReasoning("tests first").WithUsage(50, 10),
            FakeReply.RawToolCall("run", "{\"command\": ", id: "call_2").WithUsage(70, 5),
            FakeReply.Text("All tests pass.").WithUsage(90, 6));
        var recording = Cassette.StartRecording(CassettePath);
        var recorded = await ConversationAsync(_factory.Create(Profile(), new ModelClientOptions { Cassette = recording }));
        recording.Count.ShouldBe(3);
        await _server.DisposeAsync();

        var ledger = new ModelUsageLedger();
        var replay = Cassette.Load(CassettePath);
        var replayed = await ConversationAsync(_factory.Create(Profile(), new ModelClientOptions { Cassette = replay, Ledger = ledger }));

        replayed.ShouldBe(recorded);
        replayed[0].ShouldBe("call:run:call_1:{\"command\":\"dotnet test\"}:ok|reasoning:tests first");
        replayed[1].ShouldStartWith("call:run:call_2:{\"command\": :malformed");
        replayed[2].ShouldBe("text:All tests pass.");
        replay.Remaining.ShouldBe(0);
        ledger.Totals.ShouldBe(new ModelUsageTotals(3, 210, 21, 0m, 0));
        _server = await FakeOpenAiServer.StartAsync();
    }

    [Fact]
    public async Task Recording_RedactsTheApiKeyAndCredentialsInMessages()
    {
        _server.Enqueue(FakeReply.Text($"I found the key {ModelTestProfiles.ApiKey} in .env"));
        var cassette = Cassette.StartRecording(CassettePath);
        var client = _factory.Create(Profile(), new ModelClientOptions { Cassette = cassette });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "the token is ghp_abcdefghijklmnopqrstuvwxyz0123 and Bearer abcdefghijklmnopqrstuvwx")]);

        _server.ChatRequests.Single().Authorization.ShouldBe($"Bearer {ModelTestProfiles.ApiKey}");
        var text = await File.ReadAllTextAsync(CassettePath);
        (await File.ReadAllBytesAsync(CassettePath))[0].ShouldBe((byte)'{', "JSON Lines without a byte-order mark");
        text.ShouldNotContain(ModelTestProfiles.ApiKey);
        text.ShouldNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123");
        text.ShouldNotContain("abcdefghijklmnopqrstuvwx");
        text.ShouldContain(SecretRedactor.Marker);
        text.ShouldContain("in .env");
    }

    [Fact]
    public async Task Replay_ADifferentRequest_FailsWithADiffOfWhatDiverged()
    {
        _server.Enqueue(FakeReply.Text("first"), FakeReply.Text("second"));
        var recordClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.StartRecording(CassettePath) });
        await recordClient.GetResponseAsync([new ChatMessage(ChatRole.User, "fix the bug in Parser.cs")]);
        await recordClient.GetResponseAsync([new ChatMessage(ChatRole.System, "now run the tests")], new ChatOptions { Temperature = 0.2f });

        var replayClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.Load(CassettePath) });
        (await replayClient.GetResponseAsync([new ChatMessage(ChatRole.User, "fix the bug in Parser.cs")])).Text.ShouldBe("first");
        var error = await Should.ThrowAsync<CassetteDivergenceException>(() =>
            replayClient.GetResponseAsync([new ChatMessage(ChatRole.System, "now run the linter")], new ChatOptions { Temperature = 0.2f }));

        error.Exchange.ShouldBe(1);
        error.CassettePath.ShouldBe(CassettePath);
        error.Message.ShouldContain($"replay diverged from cassette {CassettePath} at exchange 1 (1 of 2 used): message 0 (system) differs: this run has \"now run the linter\", the recording \"now run the tests\".");
        var lines = error.Diff.Split('\n');
        var removed = lines.Where(l => l.StartsWith('-')).ShouldHaveSingleItem();
        var added = lines.Where(l => l.StartsWith('+')).ShouldHaveSingleItem();
        removed.ShouldEndWith("\"text\": \"now run the tests\"");
        added.ShouldEndWith("\"text\": \"now run the linter\"");
        Array.IndexOf(lines, removed).ShouldBeLessThan(Array.IndexOf(lines, added));
        error.Message.ShouldEndWith(error.Diff);
    }

    [Fact]
    public async Task Replay_ToolOutputVariesBetweenRecordingAndReplay_MatchesByPlaceInTheConversation()
    {
        _server.Enqueue(
            FakeReply.ToolCall("run", new { command = "pytest -q" }, id: "call_1"),
            FakeReply.Text("Tests pass."));
        var recordClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.StartRecording(CassettePath) });
        await ToolLoopAsync(recordClient, "1 passed in 0.03s (basetemp /tmp/pytest-of-root/pytest-7, 2026-11-22T02:30:11Z)");

        var cassette = Cassette.Load(CassettePath);
        var replayClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = cassette });
        var answers = await ToolLoopAsync(replayClient, "1 passed in 0.05s (basetemp /tmp/pytest-of-root/pytest-9, 2026-11-23T10:00:00Z)");

        answers.ShouldBe(["call:run", "text:Tests pass."]);
        cassette.Remaining.ShouldBe(0);
    }

    [Fact]
    public async Task Replay_ConversationTakesAnotherPath_NamesTheFirstMessageThatDiverged()
    {
        _server.Enqueue(FakeReply.ToolCall("run", new { command = "pytest -q" }, id: "call_1"), FakeReply.Text("Tests pass."));
        await ToolLoopAsync(_factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.StartRecording(CassettePath) }), "1 passed");
        var replayClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.Load(CassettePath) });
        await replayClient.GetResponseAsync([new ChatMessage(ChatRole.User, "make the tests pass")], new ChatOptions { Tools = [RunTool] });

        var error = await Should.ThrowAsync<CassetteDivergenceException>(() => replayClient.GetResponseAsync(
            [
                new ChatMessage(ChatRole.User, "make the tests pass"),
                new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "run", new Dictionary<string, object?> { ["command"] = "make test" })]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "1 passed")]),
            ],
            new ChatOptions { Tools = [RunTool] }));

        error.Exchange.ShouldBe(1);
        error.Message.ShouldContain("at exchange 1 (1 of 2 used): message 1 (assistant) differs: this run has run {");
        error.Message.ShouldContain("\"make test\" }, the recording run {\"command\":\"pytest -q\"}.\n");
    }

    [Fact]
    public async Task Replay_MoreRequestsThanRecorded_SaysTheCassetteIsUsedUp()
    {
        _server.Enqueue(FakeReply.Text("only one"));
        await _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.StartRecording(CassettePath) })
            .GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);
        var replayClient = _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.Load(CassettePath) });
        await replayClient.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);

        var error = await Should.ThrowAsync<CassetteDivergenceException>(() => replayClient.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]));

        error.Message.ShouldContain("all 1 recorded exchanges are used");
        error.Exchange.ShouldBe(-1);
    }

    [Fact]
    public async Task StreamedRecording_ReplaysAsStreamAndAsWholeResponse()
    {
        _server.Enqueue(FakeReply.Text("streamed text").WithToolCall("run", new { command = "ls" }, id: "c1").WithUsage(5, 5));
        await _factory.Create(Profile(), new ModelClientOptions { Cassette = Cassette.StartRecording(CassettePath) })
            .GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [RunTool] }).ToChatResponseAsync();

        var cassette = Cassette.Load(CassettePath);
        var client = _factory.Create(Profile(), new ModelClientOptions { Cassette = cassette });
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [RunTool] }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        response.Text.ShouldBe("streamed text");
        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().Name.ShouldBe("run");
        response.Usage!.OutputTokenCount.ShouldBe(5);
    }

    [Fact]
    public void Load_BrokenLine_NamesTheLine()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CassettePath)!);
        File.WriteAllText(CassettePath, "{\"v\":1,\"hash\":\"sha256:x\",\"request\":{},\"response\":{}}\nnot json\n");

        var error = Should.Throw<InvalidDataException>(() => Cassette.Load(CassettePath));

        error.Message.ShouldContain("line 2");
    }

    [Fact]
    public void Load_MissingFile_SaysToRecordFirst()
    {
        var error = Should.Throw<FileNotFoundException>(() => Cassette.Load(_temp.Combine("nope.jsonl")));

        error.Message.ShouldContain("record one first");
    }

    [Fact]
    public void Hash_IgnoresMessageIdsAndKeyOrderOfSchemas()
    {
        var redactor = new SecretRedactor([]);
        var schemaA = AIFunctionFactory.CreateDeclaration("t", "d", JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""").RootElement);
        var schemaB = AIFunctionFactory.CreateDeclaration("t", "d", JsonDocument.Parse("""{"properties":{"a":{"type":"string"}},"type":"object"}""").RootElement);
        var first = RequestNormalizer.Normalize("m", [new ChatMessage(ChatRole.User, "hi") { MessageId = "one" }], new ChatOptions { Tools = [schemaA] }, redactor);
        var second = RequestNormalizer.Normalize("m", [new ChatMessage(ChatRole.User, "hi") { MessageId = "two" }], new ChatOptions { Tools = [schemaB] }, redactor);
        var third = RequestNormalizer.Normalize("m", [new ChatMessage(ChatRole.User, "hi!")], new ChatOptions { Tools = [schemaB] }, redactor);

        RequestNormalizer.Hash(first).ShouldBe(RequestNormalizer.Hash(second));
        RequestNormalizer.Hash(first).ShouldNotBe(RequestNormalizer.Hash(third));
    }

    private Models.Profiles.ModelProfile Profile() => ModelTestProfiles.For(_server.BaseUrl);

    /// <summary>Asks, runs the model's tool call with the given output, asks again; returns what the model answered each time.</summary>
    private static async Task<List<string>> ToolLoopAsync(IChatClient client, string toolOutput)
    {
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "make the tests pass")];
        var options = new ChatOptions { Tools = [RunTool] };
        var first = await client.GetResponseAsync(messages, options);
        var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        messages.AddRange(first.Messages);
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, toolOutput)]));
        var second = await client.GetResponseAsync(messages, options);
        return ["call:" + call.Name, "text:" + second.Text];
    }

    /// <summary>A three-turn tool conversation; returns a summary of each answer.</summary>
    private static async Task<List<string>> ConversationAsync(IChatClient client)
    {
        var history = new List<ChatMessage> { new(ChatRole.System, "You are an engineer."), new(ChatRole.User, "make the tests pass") };
        var summaries = new List<string>();
        for (var turn = 0; turn < 3; turn++)
        {
            var response = await client.GetResponseAsync(history, new ChatOptions { Tools = [RunTool] });
            var contents = response.Messages.SelectMany(m => m.Contents).ToList();
            var call = contents.OfType<FunctionCallContent>().SingleOrDefault();
            var reasoning = string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text));
            summaries.Add(call is null
                ? $"text:{response.Text}"
                : $"call:{call.Name}:{call.CallId}:{call.GetArgumentsText()}:{(call.HasMalformedArguments() ? "malformed" : "ok")}" + (reasoning.Length > 0 ? $"|reasoning:{reasoning}" : string.Empty));
            history.AddRange(response.Messages);
            if (call is not null)
            {
                history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, call.DescribeArgumentsError() ?? "exit 0")]));
            }
        }

        return summaries;
    }
}
