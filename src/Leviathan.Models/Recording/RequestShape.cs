using System.Globalization;
using System.Text.Json.Nodes;

namespace Leviathan.Models.Recording;

/// <summary>
/// Replay's second way to match a request (after the exact hash): by its place in the conversation. Two normalized
/// requests have the same shape when the model, the options and the offered tools (names, descriptions, schemas) are
/// equal and the conversations have the same messages in the same order — equal roles, equal system and assistant
/// messages (prompts, the model's own text and tool calls with their argument text), tool results answering the same
/// call ids, user messages with the same kinds of content. What is not compared is what tools observed: the text of
/// tool results and of user messages (the orchestrator quotes tool and verification output there), which carries
/// timestamps, durations and temporary paths that differ between a recording and its replay.
/// </summary>
internal static class RequestShape
{
    /// <summary>Null when <paramref name="actual"/> has the shape of <paramref name="recorded"/>; otherwise the first difference, in words.</summary>
    public static string? FirstDifference(JsonObject recorded, JsonObject actual)
    {
        if (!JsonNode.DeepEquals(recorded["model"], actual["model"]))
        {
            return $"the model is '{actual["model"]}', the recording's '{recorded["model"]}'";
        }

        var recordedTools = ToolNames(recorded);
        var actualTools = ToolNames(actual);
        if (recordedTools != actualTools)
        {
            return $"the tools offered are [{actualTools}], the recording's [{recordedTools}]";
        }

        if (!JsonNode.DeepEquals(recorded["tools"], actual["tools"]))
        {
            return "the tools offered have other descriptions or schemas than in the recording";
        }

        if (!JsonNode.DeepEquals(recorded["options"], actual["options"]))
        {
            return $"the options are {actual["options"]?.ToJsonString() ?? "{}"}, the recording's {recorded["options"]?.ToJsonString() ?? "{}"}";
        }

        var a = recorded["messages"] as JsonArray ?? [];
        var b = actual["messages"] as JsonArray ?? [];
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (MessageDifference(a[i] as JsonObject, b[i] as JsonObject) is { } difference)
            {
                return string.Create(CultureInfo.InvariantCulture, $"message {i} {difference}");
            }
        }

        return a.Count == b.Count
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"this run sends {b.Count} messages where the recording sent {a.Count}{(b.Count > a.Count ? "; the first extra one is " + Describe(b[a.Count] as JsonObject) : string.Empty)}");
    }

    private static string? MessageDifference(JsonObject? recorded, JsonObject? actual)
    {
        var role = Role(actual);
        if (Role(recorded) != role)
        {
            return $"is {Describe(actual)} where the recording has {Describe(recorded)}";
        }

        switch (role)
        {
            case "tool":
                var recordedIds = ResultIds(recorded);
                var actualIds = ResultIds(actual);
                return recordedIds == actualIds ? null : $"(tool) answers call {actualIds} where the recording answers {recordedIds}";
            case "user":
                var recordedKinds = ContentKinds(recorded);
                var actualKinds = ContentKinds(actual);
                return recordedKinds == actualKinds ? null : $"(user) holds {actualKinds} where the recording holds {recordedKinds}";
            default:
                return JsonNode.DeepEquals(recorded!["content"], actual!["content"])
                    ? null
                    : $"({role}) differs: this run has {Excerpt(actual)}, the recording {Excerpt(recorded)}";
        }
    }

    private static string Role(JsonObject? message) => message?["role"]?.GetValue<string>() ?? "?";

    private static IEnumerable<JsonObject> Contents(JsonObject? message) => (message?["content"] as JsonArray ?? []).OfType<JsonObject>();

    private static string ToolNames(JsonObject request) =>
        string.Join(", ", (request["tools"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>()));

    private static string ResultIds(JsonObject? message) =>
        string.Join(", ", Contents(message).Select(c => c["tool_result"]?["id"]?.GetValue<string>()).Where(id => id is not null));

    private static string ContentKinds(JsonObject? message) => string.Join(", ", Contents(message).Select(c => c.Select(p => p.Key).FirstOrDefault() ?? "?"));

    private static string Describe(JsonObject? message)
    {
        var role = Role(message);
        var calls = Contents(message).Select(c => c["tool_call"]?["name"]?.GetValue<string>()).Where(n => n is not null).ToList();
        return calls.Count > 0 ? $"an {role} message calling {string.Join(", ", calls)}"
            : role == "tool" ? $"a tool result for {ResultIds(message)}"
            : $"a {role} message";
    }

    private static string Excerpt(JsonObject? message)
    {
        var parts = Contents(message).Select(c =>
            c["text"]?.GetValue<string>() is { } text ? $"\"{text}\""
            : c["tool_call"] is JsonObject call ? $"{call["name"]?.GetValue<string>()} {call["arguments"]?.GetValue<string>()}"
            : c.ToJsonString());
        var joined = string.Join(" + ", parts).ReplaceLineEndings(" ");
        return joined.Length <= 200 ? joined : joined[..200] + "…";
    }
}
