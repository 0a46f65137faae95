using System.Text.Json.Nodes;

namespace Leviathan.Testing.FakeOpenAi;

/// <summary>A request the fake server received, exactly as it came over the wire.</summary>
public sealed class FakeRequest
{
    internal FakeRequest(int index, string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        Index = index;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        if (body.Length > 0)
        {
            try
            {
                Json = JsonNode.Parse(body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                Json = null;
            }
        }
    }

    /// <summary>0 for the first request the server received.</summary>
    public int Index { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Header names in lower case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    /// <summary>The parsed body; null when it was empty or not a JSON object.</summary>
    public JsonObject? Json { get; }

    public string? Model => Json?["model"]?.GetValue<string>();

    public bool IsStreaming => Json?["stream"]?.GetValue<bool>() ?? false;

    /// <summary>The <c>messages</c> array, empty when absent.</summary>
    public IReadOnlyList<JsonObject> Messages =>
        Json?["messages"] is JsonArray messages ? messages.OfType<JsonObject>().ToList() : [];

    /// <summary>The names of the functions in <c>tools</c>.</summary>
    public IReadOnlyList<string> ToolNames =>
        Json?["tools"] is JsonArray tools
            ? tools.Select(t => t?["function"]?["name"]?.GetValue<string>() ?? string.Empty).ToList()
            : [];

    /// <summary>The text of the last message (its <c>content</c> as a string, or its text parts joined).</summary>
    public string LastMessageText => Messages.Count == 0 ? string.Empty : TextOf(Messages[^1]);

    /// <summary>The role of the last message.</summary>
    public string? LastMessageRole => Messages.Count == 0 ? null : Messages[^1]["role"]?.GetValue<string>();

    /// <summary>The text of the first system message, empty when there is none.</summary>
    public string SystemPrompt =>
        Messages.FirstOrDefault(m => m["role"]?.GetValue<string>() == "system") is { } system ? TextOf(system) : string.Empty;

    /// <summary>Every tool result in the conversation, in order: the call id it answers and its text.</summary>
    public IReadOnlyList<(string CallId, string Content)> ToolResults =>
        Messages.Where(m => m["role"]?.GetValue<string>() == "tool")
            .Select(m => (m["tool_call_id"]?.GetValue<string>() ?? string.Empty, TextOf(m)))
            .ToList();

    /// <summary>The output cap the client asked for (<c>max_completion_tokens</c>, else <c>max_tokens</c>).</summary>
    public int? MaxTokens => (Json?["max_completion_tokens"] ?? Json?["max_tokens"])?.GetValue<int>();

    public string? Authorization => Headers.TryGetValue("authorization", out var value) ? value : null;

    /// <summary>The text of a message's <c>content</c>, whether a string or an array of parts.</summary>
    public static string TextOf(JsonObject message) => message["content"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };

    public override string ToString() => $"#{Index} {Method} {Path} {Body}";
}
