using System.Text.Json;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// <c>leviathan run</c> and <c>models ping|list</c> against servers as local setups really serve models: tool calls written
/// as text, native tools refused (llama.cpp without <c>--jinja</c>), the context window reported by the server or not at all.
/// </summary>
public sealed class TextToolCallCommandTests
{
    [Fact]
    public async Task Run_TextProfileAgainstLlamaCppWithoutJinja_SucceedsUsesTheReportedWindowAndItsCassetteReplays()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RefuseToolsMessage = "tools param requires --jinja flag";
        server.WriteToolCallsAs = FakeToolCallFormat.Hermes;
        server.LlamaCppContext = 16384;
        server.Enqueue(RunCommandTests.ExampleScript());
        cli.UseModel(server);
        cli.Variables["LEVIATHAN_MODEL_TOOL_CALLS"] = "text";
        var cassette = Path.Combine(cli.Scratch, "text.jsonl");

        var result = await cli.RunAsync("run", Goal(), "--workspace", CopyExample(cli.Scratch, "text"), "--verify", Verify(), "--record-cassette", cassette);

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldContain("succeeded");
        result.Stderr.ShouldContain("context:   16384 tokens (detected: llama.cpp GET /props default_generation_settings.n_ctx)");
        server.ChatRequests.ShouldAllBe(r => r.ToolNames.Count == 0);
        (await File.ReadAllTextAsync(cassette)).ShouldMatch(@"(<|\\u003C)tool_call(>|\\u003E)", "the cassette holds the server's text, calls and all");

        var again = CopyExample(cli.Scratch, "text-replayed");
        var replay = await cli.RunAsync("run", Goal(), "--workspace", again, "--verify", Verify(), "--replay-cassette", cassette);
        replay.ExitCode.ShouldBe(0, replay.Stderr + replay.Stdout);
        File.ReadAllText(Path.Combine(again, "calc.py")).ShouldContain("return a + b");
    }

    [Theory]
    [InlineData(FakeToolCallFormat.Mistral)]
    [InlineData(FakeToolCallFormat.ReAct)]
    public async Task Run_DefaultProfileAndAServerThatWritesCallsAsText_Succeeds(FakeToolCallFormat format)
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.WriteToolCallsAs = format;
        server.Enqueue(RunCommandTests.ExampleScript());
        cli.UseModel(server);

        var result = await cli.RunAsync("run", Goal(), "--workspace", CopyExample(cli.Scratch, "auto"), "--verify", Verify());

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain("context:   8192 tokens (assumed: the server does not report its window; set models.profiles.default.context_window)");
        result.Stderr.ShouldMatch(@"\[\s*\d+\] engineer\s+edit_file");
    }

    [Fact]
    public async Task PingJson_ServerWritesMistralCalls_ReportsTextMistralAndTheWindow()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.WriteToolCallsAs = FakeToolCallFormat.Mistral;
        server.VllmMaxModelLen = 32768;
        server.RespondWith(r => r.ToolNames.Count > 0 ? FakeReply.ToolCall("get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        cli.UseModel(server);

        var result = await cli.RunAsync("models", "ping", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        json.GetProperty("tool_calls").GetString().ShouldBe("text:mistral");
        json.GetProperty("tool_calls_setting").GetString().ShouldBe("auto");
        json.GetProperty("tool_calls_advice").GetString()!.ShouldContain("models.profiles.default.tool_calls");
        json.GetProperty("context_window").GetInt32().ShouldBe(32768);
        json.GetProperty("context_window_source").GetString().ShouldBe("vLLM GET /v1/models max_model_len");
        json.GetProperty("reply").GetString().ShouldBe("pong");
    }

    [Fact]
    public async Task Ping_TextOutput_ShowsToolCallsAndContextLines()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(r => r.ToolNames.Count > 0 ? FakeReply.ToolCall("get_time", new { city = "Paris" }) : FakeReply.Text("pong"));
        cli.UseModel(server);

        var result = await cli.RunAsync("models", "ping");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("tool calls    native: native tool calls work");
        result.Stdout.ShouldContain("context       not reported by the server: 8192 tokens are assumed; set models.profiles.default.context_window");
    }

    [Fact]
    public async Task ListJson_Profiles_CarryToolCallsAndTheContextSetting()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:8080/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "qwen2.5-coder-7b";
        cli.Variables["LEVIATHAN_MODELS__PROFILES__DEFAULT__TOOL_CALLS"] = "text";
        cli.Variables["LEVIATHAN_MODELS__PROFILES__BIG__BASE_URL"] = "https://api.openai.com/v1";
        cli.Variables["LEVIATHAN_MODELS__PROFILES__BIG__MODEL"] = "gpt-4.1";
        cli.Variables["LEVIATHAN_MODELS__PROFILES__BIG__CONTEXT_WINDOW"] = "1047576";

        var result = await cli.RunAsync("models", "list", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr);
        var profiles = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        profiles["default"].GetProperty("tool_calls").GetString().ShouldBe("text");
        profiles["default"].GetProperty("context_window").ValueKind.ShouldBe(JsonValueKind.Null);
        profiles["big"].GetProperty("tool_calls").GetString().ShouldBe("auto");
        profiles["big"].GetProperty("context_window").GetInt32().ShouldBe(1047576);
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("roles").GetProperty("engineer").GetProperty("profile").GetString().ShouldBe("default");
    }

    [Fact]
    public async Task List_BadToolCallsValue_NamesTheKeyTheValueAndTheAcceptedValues()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:8080/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "m";
        cli.Variables["LEVIATHAN_MODEL_TOOL_CALLS"] = "json";

        var result = await cli.RunAsync("models", "list");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("models.profiles.default.tool_calls = 'json' (from environment variable LEVIATHAN_MODEL_TOOL_CALLS)");
        result.Stderr.ShouldContain("accepted: auto, native, text");
    }

    private static string Goal() => RunCommandTests.Goal();

    private static string Verify() => RunCommandTests.Verify();

    private static string CopyExample(string scratch, string name) => RunCommandTests.CopyExample(scratch, name);
}
