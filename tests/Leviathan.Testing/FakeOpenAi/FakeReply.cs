namespace Leviathan.Testing.FakeOpenAi;

/// <summary>
/// One scripted answer of <see cref="FakeOpenAiServer"/>. The same reply is rendered as a JSON body or as
/// server-sent-event chunks, depending on whether the request asked for <c>"stream": true</c>.
/// Build with the static factories and refine with the <c>With…</c> methods (records: each returns a copy).
/// </summary>
public sealed record FakeReply
{
    /// <summary>Assistant text; null for a reply that only calls tools.</summary>
    public string? Content { get; init; }

    /// <summary>Reasoning text sent as <c>reasoning_content</c>, as llama.cpp, vLLM and DeepSeek do.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The field the reasoning goes in: <c>reasoning_content</c>, or <c>reasoning</c> as Ollama and OpenRouter send it.</summary>
    public string ReasoningField { get; init; } = "reasoning_content";

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>Token usage reported by the server; null omits the <c>usage</c> object.</summary>
    public (int Prompt, int Completion)? Usage { get; init; }

    /// <summary>Overrides the finish reason (default: <c>tool_calls</c> when calling tools, else <c>stop</c>).</summary>
    public string? FinishReason { get; init; }

    /// <summary>The model name in the reply; default: the requested model.</summary>
    public string? Model { get; init; }

    /// <summary>A non-2xx status turns the reply into an OpenAI-style error body.</summary>
    public int StatusCode { get; init; } = 200;

    public string? ErrorMessage { get; init; }

    /// <summary>Raw value of the <c>Retry-After</c> header (seconds or an HTTP date).</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Waited before answering; the wait ends when the client goes away.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Streaming: text and arguments are split into pieces of this many characters.</summary>
    public int ChunkSize { get; init; } = 8;

    public FakeTruncation Truncation { get; init; }

    /// <summary>Streaming: how many chunks are sent before the truncation happens.</summary>
    public int TruncateAfterChunks { get; init; }

    /// <summary>Abort the connection without any answer (a connection failure as the client sees it).</summary>
    public bool DropConnection { get; init; }

    /// <summary>A plain assistant answer.</summary>
    public static FakeReply Text(string text) => new() { Content = text };

    /// <summary>One tool call; <paramref name="arguments"/> is serialized to JSON.</summary>
    public static FakeReply ToolCall(string name, object? arguments = null, string? id = null) =>
        new() { ToolCalls = [FakeToolCall.Create(name, arguments, id)] };

    /// <summary>One <c>write_file</c> call a file of <paramref name="folder"/>, in name order, each at <paramref name="pathPrefix"/> + its name.</summary>
    public static FakeReply[] WriteFiles(string folder, string pathPrefix = "") =>
        [.. Directory.GetFiles(folder)
            .Order(StringComparer.Ordinal)
            .Select(f => ToolCall("write_file", new { path = pathPrefix + Path.GetFileName(f), content = File.ReadAllText(f) }))];

    /// <summary>Several tool calls in one answer (parallel tool calls).</summary>
    public static FakeReply Calls(params FakeToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>One tool call whose arguments text is sent verbatim, e.g. broken JSON.</summary>
    public static FakeReply RawToolCall(string name, string argumentsText, string? id = null) =>
        new() { ToolCalls = [new FakeToolCall(name, argumentsText, id)] };

    /// <summary>A reply whose text makes one tool call written in <paramref name="format"/> (no native <c>tool_calls</c>).</summary>
    public static FakeReply TextToolCall(FakeToolCallFormat format, string name, object? arguments = null, string? thought = null) =>
        Text(FakeTextToolCalls.Write(format, [FakeToolCall.Create(name, arguments)], thought));

    /// <summary>This reply's tool calls written into its text in <paramref name="format"/>, after its text as the thought.</summary>
    public FakeReply AsText(FakeToolCallFormat format) =>
        ToolCalls.Count == 0 ? this : this with { Content = FakeTextToolCalls.Write(format, ToolCalls, Content), ToolCalls = [] };

    /// <summary>An error status with an OpenAI-style body <c>{"error":{"message":…}}</c>.</summary>
    public static FakeReply Error(int statusCode, string message) => new() { StatusCode = statusCode, ErrorMessage = message };

    /// <summary>Closes the connection without answering.</summary>
    public static FakeReply Disconnect() => new() { DropConnection = true };

    /// <summary>Never answers (until the client gives up).</summary>
    public static FakeReply Hang() => new() { Content = string.Empty, Delay = Timeout.InfiniteTimeSpan };

    public FakeReply WithText(string text) => this with { Content = text };

    public FakeReply WithReasoning(string reasoning, string field = "reasoning_content") => this with { Reasoning = reasoning, ReasoningField = field };

    public FakeReply WithToolCall(string name, object? arguments = null, string? id = null) =>
        this with { ToolCalls = [.. ToolCalls, FakeToolCall.Create(name, arguments, id)] };

    public FakeReply WithUsage(int promptTokens, int completionTokens) => this with { Usage = (promptTokens, completionTokens) };

    public FakeReply WithFinishReason(string finishReason) => this with { FinishReason = finishReason };

    public FakeReply WithModel(string model) => this with { Model = model };

    public FakeReply WithRetryAfter(string value) => this with { RetryAfter = value };

    public FakeReply WithRetryAfter(TimeSpan value) =>
        this with { RetryAfter = ((int)Math.Ceiling(value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public FakeReply WithDelay(TimeSpan delay) => this with { Delay = delay };

    public FakeReply WithChunkSize(int characters) => this with { ChunkSize = Math.Max(1, characters) };

    /// <summary>Cuts the reply: streaming after <paramref name="chunks"/> chunks; a JSON body halfway.</summary>
    public FakeReply TruncatedAfter(int chunks, FakeTruncation how = FakeTruncation.Abort) =>
        this with { Truncation = how, TruncateAfterChunks = chunks };

    internal string EffectiveFinishReason => FinishReason ?? (ToolCalls.Count > 0 ? "tool_calls" : "stop");
}
